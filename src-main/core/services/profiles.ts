/**
 * Profiles: add, update, remove and test them. A credential is identified at the profile's provider
 * (PROVIDERS[profile.provider]) before it is kept, and the offline checks say when it looks like
 * another provider's or another environment's.
 */
import { randomBytes } from 'node:crypto'
import type { IpcRequest, IpcResponse } from '../../shared/ipc-contract'
import type { Organization, ProfileView, SecretPrefix } from '../../shared/models'
import type { Identity } from '../../shared/providers'
import { SECRET_PREFIXES } from '../../shared/token-format'
import { ApiError } from '../api-client'
import { KeywardError } from '../errors'
import { attentionCount } from '../health'
import { baseUrlMistake, normalizeBaseUrl, profileWarnings, type ConnectionFailure } from '../profile-rules'
import { pruneFired } from '../reminders'
import type { StoredProfile } from '../persistence/state-file'
import { credentialWarnings } from '../providers/capabilities'
import { ProviderError } from '../providers/errors'
import type { Provider } from '../providers/port'
import { vaultAccount } from '../vault'
import { findProfile, healthSettings, needsCredential, openSession, providerOf, storedIndex, type CoreContext, type StoredIndex } from './context'
import { localAdd } from './local-tokens'

export function newProfileId(): string {
  return `prf_${randomBytes(8).toString('hex')}`
}

/** What identifying a credential found, as a profile records it. */
interface Identified {
  readonly identity: Identity | null
  readonly organization: Organization | null
  readonly credentialPrefix: SecretPrefix | null
  readonly warnings: readonly string[]
}

export class ProfilesService {
  constructor(private readonly ctx: CoreContext) {}

  async list(): Promise<ProfileView[]> {
    const index = await storedIndex(this.ctx)
    return this.ctx.state.profiles.map((p) => this.view(p, index))
  }

  /** Tokens needing attention across all profiles, from the last known lists (for the tray). */
  async attentionTotal(): Promise<number> {
    return (await this.list()).reduce((sum, p) => sum + (p.attention ?? 0), 0)
  }

  async add(req: IpcRequest<'profiles:add'>): Promise<ProfileView> {
    const provider = providerOf(this.ctx, req.provider ?? 'token-api-v1')
    const baseUrl = profileBaseUrl(provider, req.baseUrl)
    const credential = needsCredential(provider) ? cleanCredential(provider, req.credential) : refuseCredential(provider, req.credential)
    const found = await this.identify(provider, baseUrl, credential, req.environment)
    const profile: StoredProfile = {
      id: newProfileId(),
      name: req.name,
      environment: req.environment,
      provider: provider.descriptor.id,
      baseUrl,
      createdAt: this.ctx.now().toISOString(),
      organization: found.organization,
      account: found.identity?.account ?? null,
      sandbox: false,
      credentialPrefix: found.credentialPrefix,
      credentialKeyId: found.identity?.token?.id ?? null,
      ...(found.warnings.length ? { credentialWarnings: [...found.warnings] } : {}),
    }
    if (credential !== null) await this.ctx.vault.set(vaultAccount.credential(profile.id), credential)
    this.ctx.state.update((s) => ({ ...s, profiles: [...s.profiles, profile] }))
    // Providers whose tokens Keyward lists itself start the list with the credential (GitHub).
    const own = found.identity?.token
    if (credential !== null && own && provider.descriptor.inventory === 'local') await localAdd(this.ctx, profile, own, credential)
    this.ctx.log(`profiles: added ${profile.id} (${profile.provider}, ${profile.environment})`)
    return this.view(profile, await storedIndex(this.ctx))
  }

  async update(req: IpcRequest<'profiles:update'>): Promise<ProfileView> {
    const current = findProfile(this.ctx, req.id)
    const provider = providerOf(this.ctx, current.provider)
    const baseUrl = req.baseUrl !== undefined ? profileBaseUrl(provider, req.baseUrl) : current.baseUrl
    const credential = req.credential === undefined ? null : needsCredential(provider) ? cleanCredential(provider, req.credential) : refuseCredential(provider, req.credential)
    const environment = req.environment ?? current.environment
    let next: StoredProfile = { ...current, name: req.name ?? current.name, environment, baseUrl }
    let newOwn: Identity['token'] | null = null
    if (needsCredential(provider) && (credential !== null || baseUrl !== current.baseUrl || environment !== current.environment)) {
      if (credential === null && baseUrl !== current.baseUrl) assertSameServer(current, baseUrl)
      const toCheck = credential ?? (await this.ctx.vault.get(vaultAccount.credential(current.id)))
      if (!toCheck) throw new KeywardError('SECRET_NOT_STORED', `The credential of "${current.name}" is not in the keychain. Paste it again.`)
      // A new environment alone needs no request: only the offline checks change.
      const found = credential === null && baseUrl === current.baseUrl ? { ...this.recorded(current), warnings: this.offlineWarnings(provider, environment, toCheck, current.credentialPrefix) } : await this.identify(provider, baseUrl, toCheck, environment)
      const { credentialWarnings: _old, ...rest } = next
      next = {
        ...rest,
        organization: found.organization,
        account: found.identity?.account ?? current.account,
        credentialPrefix: found.credentialPrefix,
        credentialKeyId: found.identity ? (found.identity.token?.id ?? null) : (current.credentialKeyId ?? null),
        ...(found.warnings.length ? { credentialWarnings: [...found.warnings] } : {}),
      }
      if (credential !== null) await this.ctx.vault.set(vaultAccount.credential(current.id), credential)
      newOwn = credential !== null ? (found.identity?.token ?? null) : null
    }
    this.ctx.state.update((s) => ({ ...s, profiles: s.profiles.map((p) => (p.id === next.id ? next : p)) }))
    // A new credential joins the list Keyward keeps itself (GitHub), as the first one did in add().
    if (credential !== null && newOwn && provider.descriptor.inventory === 'local') await localAdd(this.ctx, next, newOwn, credential)
    return this.view(next, await storedIndex(this.ctx))
  }

  async remove(id: string): Promise<null> {
    findProfile(this.ctx, id)
    await this.deleteData(id)
    this.ctx.log(`profiles: removed ${id}`)
    return null
  }

  /** Identifies a credential (pasted, or the saved profile's) at the provider without saving anything. */
  async test(req: IpcRequest<'profiles:test'>): Promise<IpcResponse<'profiles:test'>> {
    const provider = providerOf(this.ctx, req.provider ?? 'token-api-v1')
    if (!needsCredential(provider)) throw new ProviderError('NOT_SUPPORTED', absent(provider), 0)
    const baseUrl = profileBaseUrl(provider, req.baseUrl)
    let credential: string
    if (req.credential !== undefined) credential = cleanCredential(provider, req.credential)
    else if (req.profileId !== undefined) {
      const profile = findProfile(this.ctx, req.profileId)
      assertSameServer(profile, baseUrl)
      const stored = await this.ctx.vault.get(vaultAccount.credential(profile.id))
      if (!stored) throw new KeywardError('SECRET_NOT_STORED', 'This profile has no credential in the keychain. Paste one to test.')
      credential = stored
    } else throw new KeywardError('INVALID_REQUEST', 'Paste a credential to test.', { details: [{ field: 'credential', message: 'required' }] })
    const found = await this.identify(provider, baseUrl, credential, req.environment).catch((error: unknown) => {
      throw explainBaseUrl(error, baseUrl)
    })
    const identity = found.identity as Identity
    const { account, token } = identity
    return {
      provider: provider.descriptor.id,
      account,
      token,
      organization: found.organization ?? { id: account.id, name: account.name, environment: account.environment ?? req.environment, status: account.status },
      keyName: token?.name ?? provider.descriptor.credentialLabel,
      scopes: token?.scopes ?? [],
      warnings: [...profileWarnings(req.environment, found.organization, found.credentialPrefix), ...found.warnings],
    }
  }

  /** Adds profiles made elsewhere in core (the sandbox's), keeping the given order. */
  append(profiles: readonly StoredProfile[]): void {
    this.ctx.state.update((s) => ({ ...s, profiles: [...s.profiles, ...profiles] }))
  }

  /** Removes a profile with everything Keyward holds for it: keychain entries, cached list, reminder state. */
  async deleteData(profileId: string): Promise<void> {
    const { vault, cache, state, log } = this.ctx
    try {
      const prefix = `${profileId}/`
      // The tracked list, copied because delete changes it: listing the keychain fetches every secret.
      for (const account of [...(await vault.knownAccounts())]) if (account.startsWith(prefix)) await vault.delete(account)
    } catch (error) {
      log(`profiles: could not delete keychain entries (${error instanceof KeywardError ? error.code : 'error'})`)
    }
    cache.delete(profileId)
    this.ctx.inventory.deleteProfile(profileId)
    state.update((s) => {
      const pruned = pruneFired(s.reminders, profileId, new Set())
      const snoozed = Object.fromEntries(Object.entries(pruned.snoozed).filter(([k]) => !k.startsWith(`${profileId}/`)))
      return { ...s, profiles: s.profiles.filter((p) => p.id !== profileId), reminders: { fired: [...pruned.fired], snoozed } }
    })
  }

  /**
   * Identifies a credential at the provider (any secret: nothing to identify). A refusal here is
   * about the pasted credential, not a saved profile, and says so — with the offline hint when the
   * credential looks like another provider's.
   */
  private async identify(provider: Provider, baseUrl: string, credential: string | null, environment: IpcRequest<'profiles:add'>['environment']): Promise<Identified> {
    if (credential === null) return { identity: null, organization: null, credentialPrefix: null, warnings: [] }
    const d = provider.descriptor
    let identity: Identity
    try {
      identity = await openSession(this.ctx, provider, baseUrl, credential).identify()
    } catch (error) {
      if (error instanceof KeywardError && error.code === 'INVALID_API_KEY') {
        const hints = this.offlineWarnings(provider, environment, credential, null)
        throw new KeywardError('INVALID_API_KEY', [`${d.label} refused this credential: it is invalid, expired or revoked. Paste a working ${d.credentialLabel}.`, ...hints].join(' '))
      }
      throw error
    }
    const account = identity.account
    // An account that says its environment is a Token API organization (the profile records it as such).
    const organization: Organization | null = account.environment !== null ? { id: account.id, name: account.name, environment: account.environment, status: account.status } : null
    const prefix = identity.token?.prefix
    const credentialPrefix = (SECRET_PREFIXES as readonly string[]).includes(prefix ?? '') ? (prefix as SecretPrefix) : null
    return { identity, organization, credentialPrefix, warnings: this.offlineWarnings(provider, environment, credential, credentialPrefix) }
  }

  /** What the profile recorded of its last identification (no request). */
  private recorded(p: StoredProfile): Omit<Identified, 'warnings'> {
    return { identity: null, organization: p.organization, credentialPrefix: p.credentialPrefix }
  }

  /**
   * The offline checks (another provider's credential, another environment's). A Token API key's
   * environment is already judged by its prefix (profileWarnings), so it is not said twice.
   */
  private offlineWarnings(provider: Provider, environment: IpcRequest<'profiles:add'>['environment'], credential: string, credentialPrefix: SecretPrefix | null): string[] {
    if (credentialPrefix !== null) return []
    return credentialWarnings(provider, environment, credential, Object.values(this.ctx.providers))
  }

  private view(p: StoredProfile, index: StoredIndex): ProfileView {
    const cached = this.ctx.cache.get(p.id)
    return {
      id: p.id,
      name: p.name,
      environment: p.environment,
      provider: p.provider,
      baseUrl: p.baseUrl,
      createdAt: p.createdAt,
      organization: p.organization,
      account: p.account,
      sandbox: p.sandbox,
      attention: cached ? attentionCount(cached.tokens, this.ctx.now().getTime(), healthSettings(this.ctx)) : null,
      warnings: [...profileWarnings(p.environment, p.organization, p.credentialPrefix), ...(p.credentialWarnings ?? [])],
      // A provider without a credential (any secret) has nothing to store: never "missing".
      credentialStored: !needsCredential(providerOf(this.ctx, p.provider)) ? true : index.problem ? null : (index.ids.get(p.id)?.has('credential') ?? false),
      keychainProblem: index.problem,
      credentialKeyId: p.credentialKeyId ?? null,
    }
  }
}

/**
 * The pasted credential, cleaned by the provider's own offline check where it has one (a Token API
 * key's checksum); otherwise without the whitespace a copy from a web page brings along.
 */
function cleanCredential(provider: Provider, input: string | undefined): string {
  if (input === undefined || input.trim() === '') {
    const message = `Paste the ${provider.descriptor.credentialLabel} this profile uses.`
    throw new KeywardError('INVALID_REQUEST', message, { details: [{ field: 'credential', message: 'required' }] })
  }
  const check = provider.checkCredential?.(input) ?? { ok: true as const, credential: input.replace(/\s+/g, '') }
  if (!check.ok) throw new KeywardError('INVALID_REQUEST', check.message, { details: [{ field: 'credential', message: check.message }] })
  return check.credential
}

/** Providers without an API (any secret) have no credential: one pasted anyway is refused, not kept. */
function refuseCredential(provider: Provider, input: string | undefined): null {
  if (input === undefined) return null
  const message = `${provider.descriptor.label} profiles have no credential: add each secret to the profile instead.`
  throw new KeywardError('INVALID_REQUEST', message, { details: [{ field: 'credential', message: 'not used' }] })
}

/** The profile's base URL: as given, else the provider's default; '' for providers without an API. */
function profileBaseUrl(provider: Provider, input: string | undefined): string {
  const d = provider.descriptor
  if (!needsCredential(provider)) return ''
  const url = input ?? d.defaultBaseUrl
  if (url === null) {
    const message = `A ${d.label} profile needs the base URL of its server.`
    throw new KeywardError('INVALID_REQUEST', message, { details: [{ field: 'baseUrl', message: 'required' }] })
  }
  return normalizeBaseUrl(url)
}

function absent(provider: Provider): string {
  const s = provider.descriptor.capabilities.identify
  return s.available ? '' : s.reason
}

/**
 * A saved credential is only ever sent to the server it was saved for: an unsaved, possibly
 * mistyped base URL on another origin would otherwise receive the live key.
 */
function assertSameServer(profile: StoredProfile, baseUrl: string): void {
  if (new URL(baseUrl).origin !== new URL(profile.baseUrl).origin) {
    const message = 'Paste the key again to use it with a different server.'
    throw new KeywardError('INVALID_REQUEST', message, { details: [{ field: 'credential', message }] })
  }
}

/**
 * A failed connection test whose cause is likely the base URL (a path on it, http vs https, a port
 * nothing listens on) says so, naming the field; any other error is passed on as it is.
 */
function explainBaseUrl(error: unknown, baseUrl: string): unknown {
  if (!(error instanceof ApiError || error instanceof ProviderError)) return error
  // A transport failure names its system code in parentheses (api-client's transportError); a
  // ProviderError carries that message over.
  const code = error instanceof ApiError && error.kind === 'Network' ? error.code : (/\(([A-Z_]+)\)\. Check/.exec(error.message)?.[1] ?? '')
  const failure: ConnectionFailure | null =
    error.status === 404 ? 'not-found' : code === 'ECONNREFUSED' ? 'refused' : /^(ERR_SSL_|EPROTO|HPE_|UND_ERR_SOCKET$|ECONNRESET$)/.test(code) ? 'wrong-protocol' : null
  const mistake = failure && baseUrlMistake(baseUrl, failure)
  if (!mistake) return error
  const kind = error instanceof ApiError ? error.toKeywardError().code : error.code
  return new KeywardError(kind, mistake, { details: [{ field: 'baseUrl', message: mistake }] })
}
