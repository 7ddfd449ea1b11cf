/**
 * What every service shares, and the few lookups they all need: the persisted state, the token
 * cache, the vault, the clock, the log and how to reach a profile's Token API.
 */
import { TokenApiClient, type ClientOptions } from '../api-client'
import type { AccountTrackingVault } from '../account-tracking-vault'
import { KeywardError } from '../errors'
import { healthConfig, type HealthConfig } from '../health'
import type { StateFile, StoredProfile } from '../persistence/state-file'
import type { TokenCache } from '../persistence/token-cache'
import { KEYCHAIN_HELP, vaultAccount } from '../vault'

export interface CoreContext {
  readonly state: StateFile
  readonly cache: TokenCache
  readonly vault: AccountTrackingVault
  readonly now: () => Date
  /** Secret-free log lines. */
  readonly log: (line: string) => void
  /** Token API client deadlines and retries (tests shorten them). */
  readonly clientOptions: ClientOptions
}

/** A client for a base URL and credential: the one place services reach a Token API. */
export function connect(ctx: CoreContext, baseUrl: string, credential: string): TokenApiClient {
  return new TokenApiClient(baseUrl, credential, ctx.clientOptions)
}

export function findProfile(ctx: CoreContext, id: string): StoredProfile {
  const p = ctx.state.profiles.find((x) => x.id === id)
  if (!p) throw new KeywardError('PROFILE_NOT_FOUND', 'This profile no longer exists. Pick another one in the sidebar.')
  return p
}

/** A client with the profile's stored credential. */
export async function clientFor(ctx: CoreContext, profile: StoredProfile): Promise<TokenApiClient> {
  const credential = await ctx.vault.get(vaultAccount.credential(profile.id))
  if (!credential) {
    throw new KeywardError('SECRET_NOT_STORED', `The credential of "${profile.name}" is not in the keychain. Paste it again in the profile settings.`)
  }
  return connect(ctx, profile.baseUrl, credential)
}

/** Health thresholds from the user's reminder settings. */
export function healthSettings(ctx: CoreContext): HealthConfig {
  return healthConfig(ctx.state.settings.reminders)
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** An error's code or type for the log, never its message (which might echo input). */
export function errorKind(error: unknown): string {
  return error instanceof KeywardError ? error.code : error instanceof Error ? error.name : 'error'
}

/** Which token ids have a stored secret, per profile; `problem` when the keychain could not be read. */
export interface StoredIndex {
  readonly ids: ReadonlyMap<string, ReadonlySet<string>>
  readonly problem: string | null
}

const NONE: ReadonlySet<string> = new Set()

/** The stored token ids of one profile (empty when none, or when the keychain could not be read). */
export function storedOf(index: StoredIndex, profileId: string): ReadonlySet<string> {
  return index.ids.get(profileId) ?? NONE
}

/**
 * Reads which secrets are stored. A locked keychain is reported, not read as "nothing stored":
 * that would tell the user to paste credentials again that are still there.
 */
export async function storedIndex(ctx: CoreContext): Promise<StoredIndex> {
  let accounts: Iterable<string>
  try {
    accounts = await ctx.vault.knownAccounts()
  } catch (error) {
    const reason = error instanceof KeywardError && error.code === 'KEYCHAIN_UNAVAILABLE' ? error.message : `${KEYCHAIN_HELP} (${errorMessage(error)})`
    return { ids: new Map(), problem: `Keyward cannot read the keychain, so it cannot tell which secrets are stored. ${reason}` }
  }
  const ids = new Map<string, Set<string>>()
  for (const account of accounts) {
    const slash = account.indexOf('/')
    if (slash < 0) continue
    const profileId = account.slice(0, slash)
    let set = ids.get(profileId)
    if (!set) ids.set(profileId, (set = new Set()))
    set.add(account.slice(slash + 1))
  }
  return { ids, problem: null }
}
