/**
 * Secrets out of Keyward without the clipboard: which stored secret a reference names, whether it
 * may be used, and what every token looks like for a listing. Reads the app's data directory and
 * keychain entries, never writes either (the app may be running).
 */
import { KeywardError } from '../errors'
import { readKeywardData, type DataProfile, type DataToken, type KeywardData } from '../read-only-data'
import { KeytarVault, vaultAccount, type KeytarLike } from '../vault'
import { isLive, parseReference, referenceFor, resolveProfile, resolveToken } from '../../shared/reference'

export interface SecretsOutOptions {
  readonly dataDir: string
  /** keytar, or anything shaped like it (loaded by the caller so listing data never loads it). */
  readonly keytar: () => Promise<KeytarLike>
  /** Keychain services to look in, in order (see keychainServices). */
  readonly services: readonly string[]
  readonly now?: () => Date
}

export interface ResolvedToken {
  readonly reference: string
  readonly profile: DataProfile
  readonly token: DataToken
}

/** One row of `keyward ls`: stable field names, no secret. */
export interface TokenListing {
  readonly reference: string
  readonly profile: string
  readonly profileId: string
  readonly environment: string
  readonly token: string
  readonly tokenId: string
  readonly status: 'active' | 'expired' | 'revoked'
  readonly expiresAt: string | null
  readonly lastUsed: string | null
  readonly secretStored: boolean
  /** When Keyward last fetched this profile's list from its API (status and last use are as of then). */
  readonly listedAt: string | null
}

export interface SecretsOut {
  /** The profile and token a reference names (no keychain access). */
  resolve(reference: string): Promise<ResolvedToken>
  /** The secrets of several references; every one is resolved and checked before any is returned. */
  secrets(references: readonly string[]): Promise<ReadonlyMap<string, string>>
  /** Every token of every profile, as Keyward last listed it, with whether its secret is stored. */
  list(): Promise<readonly TokenListing[]>
  /** Profiles whose token list Keyward never fetched (their tokens cannot be listed yet). */
  unlisted(): Promise<readonly DataProfile[]>
}

function statusAt(token: DataToken, nowMs: number): TokenListing['status'] {
  if (token.status === 'revoked' || token.revokedAt !== null) return 'revoked'
  return isLive(token, nowMs) ? 'active' : 'expired'
}

/** Why a resolved token cannot be used, or null when it can. */
function unusable(resolved: ResolvedToken, nowMs: number): KeywardError | null {
  const status = statusAt(resolved.token, nowMs)
  const name = `${resolved.reference} (${resolved.token.name}, ${resolved.token.id})`
  if (status === 'revoked') return new KeywardError('KEY_NOT_ACTIVE', `${name} is revoked.`)
  if (status === 'expired') return new KeywardError('KEY_NOT_ACTIVE', `${name} expired at ${resolved.token.expiresAt ?? 'an unknown time'}.`)
  return null
}

export function createSecretsOut(options: SecretsOutOptions): SecretsOut {
  const now = options.now ?? (() => new Date())
  let data: Promise<KeywardData> | null = null
  const open = () => (data ??= readKeywardData(options.dataDir))
  let vaults: Promise<KeytarVault[]> | null = null
  const openVaults = () => (vaults ??= options.keytar().then((k) => options.services.map((s) => new KeytarVault(k, s))))

  const resolve = async (reference: string): Promise<ResolvedToken> => {
    const parsed = parseReference(reference)
    const d = await open()
    const profile = resolveProfile(d.profiles, parsed.profile)
    const list = await d.tokens(profile.id)
    if (list.fetchedAt === null) {
      throw new KeywardError('NOT_FOUND', `Keyward has not listed the tokens of "${profile.name}" yet: open the profile in Keyward once, then try again.`)
    }
    return { reference, profile, token: resolveToken(list.tokens, parsed.token, now().getTime(), profile.name) }
  }

  /** The secret in the first service that holds it. */
  const secretOf = async (resolved: ResolvedToken): Promise<string> => {
    const account = vaultAccount.token(resolved.profile.id, resolved.token.id)
    for (const vault of await openVaults()) {
      const secret = await vault.get(account)
      if (secret !== null) return secret
    }
    throw new KeywardError('SECRET_NOT_STORED', `The secret of ${resolved.reference} (${resolved.token.name}, ${resolved.token.id}) is not stored in the keychain. Import it in Keyward, or rotate the token.`)
  }

  return {
    resolve,

    async secrets(references) {
      const unique = [...new Set(references)]
      const resolved = await Promise.all(unique.map(resolve))
      const nowMs = now().getTime()
      for (const r of resolved) {
        const problem = unusable(r, nowMs)
        if (problem) throw problem
      }
      const out = new Map<string, string>()
      // One at a time: KeytarVault serializes anyway, and the first missing secret stops the rest.
      for (const r of resolved) out.set(r.reference, await secretOf(r))
      return out
    },

    async list() {
      const d = await open()
      const stored = new Set<string>()
      for (const vault of await openVaults()) for (const account of await vault.accounts()) stored.add(account)
      const nowMs = now().getTime()
      const rows: TokenListing[] = []
      for (const profile of d.profiles) {
        const list = await d.tokens(profile.id)
        for (const token of list.tokens) {
          rows.push({
            reference: referenceFor(d.profiles, profile, list.tokens, token, nowMs),
            profile: profile.name,
            profileId: profile.id,
            environment: profile.environment,
            token: token.name,
            tokenId: token.id,
            status: statusAt(token, nowMs),
            expiresAt: token.expiresAt,
            lastUsed: token.lastUsed,
            secretStored: stored.has(`${profile.id}/${token.id}`),
            listedAt: list.fetchedAt,
          })
        }
      }
      return rows
    },

    async unlisted() {
      const d = await open()
      const out: DataProfile[] = []
      for (const p of d.profiles) if ((await d.tokens(p.id)).fetchedAt === null) out.push(p)
      return out
    },
  }
}
