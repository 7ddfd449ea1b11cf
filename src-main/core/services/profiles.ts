/** Profiles: add, update, remove and test them; a credential is verified with GET /v1/me before it is kept. */
import { randomBytes } from 'node:crypto'
import type { IpcParsedRequest, IpcResponse } from '../../shared/ipc-contract'
import type { ProfileView } from '../../shared/models'
import { checkSecret } from '../../shared/token-format'
import { ApiError, toKeywardError, type Me } from '../api-client'
import { KeywardError } from '../errors'
import { attentionCount } from '../health'
import { normalizeBaseUrl, profileWarnings } from '../profile-rules'
import { pruneFired } from '../reminders'
import type { StoredProfile } from '../persistence/state-file'
import { vaultAccount } from '../vault'
import { connect, findProfile, healthSettings, storedIndex, type CoreContext, type StoredIndex } from './context'

export function newProfileId(): string {
  return `prf_${randomBytes(8).toString('hex')}`
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

  async add(req: IpcParsedRequest<'profiles:add'>): Promise<ProfileView> {
    const baseUrl = normalizeBaseUrl(req.baseUrl)
    const credential = cleanCredential(req.credential)
    const me = await this.verify(baseUrl, credential)
    const profile: StoredProfile = {
      id: newProfileId(),
      name: req.name,
      environment: req.environment,
      provider: 'token-api-v1',
      baseUrl,
      createdAt: this.ctx.now().toISOString(),
      organization: me.organization,
      sandbox: false,
      credentialPrefix: me.key.prefix,
      credentialKeyId: me.key.id,
    }
    await this.ctx.vault.set(vaultAccount.credential(profile.id), credential)
    this.ctx.state.update((s) => ({ ...s, profiles: [...s.profiles, profile] }))
    this.ctx.log(`profiles: added ${profile.id} (${profile.environment})`)
    return this.view(profile, await storedIndex(this.ctx))
  }

  async update(req: IpcParsedRequest<'profiles:update'>): Promise<ProfileView> {
    const current = findProfile(this.ctx, req.id)
    const baseUrl = req.baseUrl !== undefined ? normalizeBaseUrl(req.baseUrl) : current.baseUrl
    const credential = req.credential !== undefined ? cleanCredential(req.credential) : null
    let next: StoredProfile = { ...current, name: req.name ?? current.name, environment: req.environment ?? current.environment, baseUrl }
    if (credential !== null || baseUrl !== current.baseUrl) {
      if (credential === null) assertSameServer(current, baseUrl)
      const toCheck = credential ?? (await this.ctx.vault.get(vaultAccount.credential(current.id)))
      if (!toCheck) throw new KeywardError('SECRET_NOT_STORED', `The credential of "${current.name}" is not in the keychain. Paste it again.`)
      const me = await this.verify(baseUrl, toCheck)
      next = { ...next, organization: me.organization, credentialPrefix: me.key.prefix, credentialKeyId: me.key.id }
      if (credential !== null) await this.ctx.vault.set(vaultAccount.credential(current.id), credential)
    }
    this.ctx.state.update((s) => ({ ...s, profiles: s.profiles.map((p) => (p.id === next.id ? next : p)) }))
    return this.view(next, await storedIndex(this.ctx))
  }

  async remove(id: string): Promise<null> {
    findProfile(this.ctx, id)
    await this.deleteData(id)
    this.ctx.log(`profiles: removed ${id}`)
    return null
  }

  /** Checks a base URL and a credential (pasted, or the saved profile's) without saving anything. */
  async test(req: IpcParsedRequest<'profiles:test'>): Promise<IpcResponse<'profiles:test'>> {
    const baseUrl = normalizeBaseUrl(req.baseUrl)
    let credential: string
    if (req.credential !== undefined) credential = cleanCredential(req.credential)
    else if (req.profileId !== undefined) {
      const profile = findProfile(this.ctx, req.profileId)
      assertSameServer(profile, baseUrl)
      const stored = await this.ctx.vault.get(vaultAccount.credential(profile.id))
      if (!stored) throw new KeywardError('SECRET_NOT_STORED', 'This profile has no credential in the keychain. Paste one to test.')
      credential = stored
    } else throw new KeywardError('INVALID_REQUEST', 'Paste a credential to test.', { details: [{ field: 'credential', message: 'required' }] })
    const me = await this.verify(baseUrl, credential)
    return {
      organization: me.organization,
      keyName: me.key.name,
      scopes: me.key.scopes,
      warnings: profileWarnings(req.environment, me.organization, me.key.prefix),
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
    state.update((s) => {
      const pruned = pruneFired(s.reminders, profileId, new Set())
      const snoozed = Object.fromEntries(Object.entries(pruned.snoozed).filter(([k]) => !k.startsWith(`${profileId}/`)))
      return { ...s, profiles: s.profiles.filter((p) => p.id !== profileId), reminders: { fired: [...pruned.fired], snoozed } }
    })
  }

  /** Verifies a credential with GET /v1/me; a 401 here is about the pasted key, not a saved profile. */
  private async verify(baseUrl: string, credential: string): Promise<Me> {
    try {
      return await connect(this.ctx, baseUrl, credential).me()
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'InvalidApiKey') {
        throw new KeywardError('INVALID_API_KEY', 'The Token API refused this credential: it is invalid, expired or revoked. Paste a working key.')
      }
      throw toKeywardError(error)
    }
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
      sandbox: p.sandbox,
      attention: cached ? attentionCount(cached.tokens, this.ctx.now().getTime(), healthSettings(this.ctx)) : null,
      warnings: profileWarnings(p.environment, p.organization, p.credentialPrefix),
      credentialStored: index.problem ? null : (index.ids.get(p.id)?.has('credential') ?? false),
      keychainProblem: index.problem,
      credentialKeyId: p.credentialKeyId ?? null,
    }
  }
}

function cleanCredential(input: string): string {
  const check = checkSecret(input)
  if (!check.ok) throw new KeywardError('INVALID_REQUEST', check.message, { details: [{ field: 'credential', message: check.message }] })
  return check.secret
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
