import { KeywardError } from './errors'
import { tokenIdSchema } from '../shared/schemas'

/** Where secrets live. keytar implements it; tests of pure logic may use the fake in core/testing. */
export interface Vault {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
  /** Accounts currently stored (no secrets). */
  accounts(): Promise<string[]>
  /** Resolves when the keychain can be written right now; throws KEYCHAIN_UNAVAILABLE otherwise. */
  assertWritable(): Promise<void>
}

/** The subset of keytar the vault uses, so it can be injected. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>
}

export const VAULT_SERVICE = { production: 'Keyward', development: 'Keyward Dev' } as const

export const KEYCHAIN_HELP =
  'The system keychain is unavailable or locked. Unlock it (on Linux: start gnome-keyring or KWallet and log in to it), then try again. Keyward never stores secrets anywhere else.'

/** Account names: `<profileId>/<tokenId>` for tokens, `<profileId>/credential` for a profile's key. */
export const vaultAccount = {
  token: (profileId: string, tokenId: string) => {
    // Last line of defence: an id like `credential` would address the profile's own key.
    if (!tokenIdSchema.safeParse(tokenId).success) throw new KeywardError('INVALID_REQUEST', 'This is not a token id.')
    return `${profileId}/${tokenId}`
  },
  credential: (profileId: string) => `${profileId}/credential`,
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeywardError('KEYCHAIN_UNAVAILABLE', `The system keychain did not answer within ${Math.round(ms / 1000)} s. ${KEYCHAIN_HELP}`)), ms)
    promise.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}

/**
 * The tail of the queue of keychain calls per keytar module. keytar runs each call on a worker
 * thread, and overlapping libsecret calls in one process can crash it (seen: SIGSEGV, "No such
 * secret item"), so every KeytarVault over the same module runs its calls one at a time.
 */
const queues = new WeakMap<KeytarLike, Promise<unknown>>()

function serialized<T>(keytar: KeytarLike, op: () => Promise<T>): Promise<T> {
  const previous = queues.get(keytar) ?? Promise.resolve()
  const run = previous.then(op, op)
  queues.set(keytar, run.catch(() => undefined))
  return run
}

/** A Vault over keytar: every call has a deadline, and keychain failures become KEYCHAIN_UNAVAILABLE. */
export class KeytarVault implements Vault {
  constructor(
    private readonly keytar: KeytarLike,
    private readonly service: string,
    private readonly timeoutMs = 5000,
  ) {}

  private async call<T>(op: () => Promise<T>): Promise<T> {
    try {
      // The deadline covers the wait in the queue too: a keychain stuck on an earlier call is unavailable.
      return await withTimeout(serialized(this.keytar, op), this.timeoutMs)
    } catch (error) {
      if (error instanceof KeywardError) throw error
      // keytar's messages come from libsecret/DBus and never contain the secret.
      const reason = error instanceof Error ? error.message : String(error)
      throw new KeywardError('KEYCHAIN_UNAVAILABLE', `${KEYCHAIN_HELP} (${reason})`)
    }
  }

  get(account: string): Promise<string | null> {
    return this.call(() => this.keytar.getPassword(this.service, account))
  }

  set(account: string, secret: string): Promise<void> {
    return this.call(() => this.keytar.setPassword(this.service, account, secret))
  }

  delete(account: string): Promise<boolean> {
    return this.call(() => this.keytar.deletePassword(this.service, account))
  }

  async accounts(): Promise<string[]> {
    const found = await this.call(() => this.keytar.findCredentials(this.service))
    return found.map((c) => c.account)
  }

  async assertWritable(): Promise<void> {
    const probe = '__keyward_probe__'
    await this.call(async () => {
      await this.keytar.setPassword(this.service, probe, 'probe')
      await this.keytar.deletePassword(this.service, probe)
    })
  }
}
