/**
 * What every service shares, and the few lookups they all need: the persisted state, the token
 * cache, the tokens Keyward lists itself, the vault, the clock, the log, and how to reach a
 * profile's provider (PROVIDERS[profile.provider]) or, for the Token API's own rules, its client.
 */
import type { ProviderId } from '../../shared/providers'
import { TokenApiClient, type ClientOptions } from '../api-client'
import type { AccountTrackingVault } from '../account-tracking-vault'
import { KeywardError } from '../errors'
import { healthConfig, type HealthConfig } from '../health'
import type { LocalInventory } from '../persistence/local-inventory'
import type { StateFile, StoredProfile } from '../persistence/state-file'
import type { TokenCache } from '../persistence/token-cache'
import type { Provider, ProviderSession } from '../providers/port'
import { KEYCHAIN_HELP, vaultAccount } from '../vault'

export interface CoreContext {
  readonly state: StateFile
  readonly cache: TokenCache
  /** Token records of providers whose inventory is local (GitHub, any secret). */
  readonly inventory: LocalInventory
  readonly vault: AccountTrackingVault
  readonly now: () => Date
  /** Secret-free log lines. */
  readonly log: (line: string) => void
  /** Token API client deadlines and retries (tests shorten them). */
  readonly clientOptions: ClientOptions
  /** The providers by id (PROVIDERS; tests may pass ones with another clock). */
  readonly providers: Readonly<Record<ProviderId, Provider>>
}

/** The profile's provider. */
export function providerOf(ctx: CoreContext, id: ProviderId): Provider {
  return ctx.providers[id]
}

/** A session with the provider at a base URL ('' for providers without an API) for a credential. */
export function openSession(ctx: CoreContext, provider: Provider, baseUrl: string, credential: string): ProviderSession {
  return provider.connect({ baseUrl: baseUrl === '' ? null : baseUrl, credential, http: { ...ctx.clientOptions, log: (line) => ctx.log(`${provider.descriptor.id}: ${line}`) } })
}

/** The profile's stored credential; SECRET_NOT_STORED when the keychain has none. */
export async function credentialOf(ctx: CoreContext, profile: StoredProfile): Promise<string> {
  const credential = await ctx.vault.get(vaultAccount.credential(profile.id))
  if (!credential) {
    throw new KeywardError('SECRET_NOT_STORED', `The credential of "${profile.name}" is not in the keychain. Paste it again in the profile settings.`)
  }
  return credential
}

/** A session with the profile's provider and stored credential (any secret needs none). */
export async function sessionFor(ctx: CoreContext, profile: StoredProfile): Promise<ProviderSession> {
  const provider = providerOf(ctx, profile.provider)
  if (!needsCredential(provider)) return openSession(ctx, provider, '', '')
  return openSession(ctx, provider, profile.baseUrl, await credentialOf(ctx, profile))
}

/** Providers that can identify a credential have an API and a credential; the others (any secret) have neither. */
export function needsCredential(provider: Provider): boolean {
  return provider.descriptor.capabilities.identify.available
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

/** A Token API client with the profile's stored credential (the Token API's native-grace rotation). */
export async function clientFor(ctx: CoreContext, profile: StoredProfile): Promise<TokenApiClient> {
  return connect(ctx, profile.baseUrl, await credentialOf(ctx, profile))
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
