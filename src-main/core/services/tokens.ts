/**
 * Tokens: the list (with the offline cache as fallback), create, rotate, revoke, import, copy,
 * search across profiles, and the recent copies the tray offers.
 */
import type { IpcParsedRequest } from '../../shared/ipc-contract'
import type { ApiKey, Copied, QuickResult, RotateResult, Scope, ShowOnce, TokenList, TokenView } from '../../shared/models'
import type { ProviderToken } from '../../shared/providers'
import { rotatedExpiry } from '../../shared/token-lifetime'
import { isUnreachable, toKeywardError, type TokenApiClient } from '../api-client'
import type { ClipboardGuard } from '../clipboard-guard'
import { KeywardError } from '../errors'
import { classify, withHealth } from '../health'
import { pruneFired } from '../reminders'
import { quickKey, rankQuickResults, type QuickCandidate } from '../quick-search'
import { rotate, type RotationDeps } from '../rotation'
import { SAFETY_GRACE_SECONDS } from '../rotation-rules'
import { rotateByPlan, type RevokeScheduler } from '../provider-rotation'
import type { JournalEntry } from '../persistence/state-file'
import type { StoredProfile } from '../persistence/state-file'
import { newSecretId, replaceSecret, secretToken } from '../providers/any-secret'
import { rotationPlan } from '../providers/capabilities'
import { notSupported, ProviderError } from '../providers/errors'
import type { Provider, ProviderSession } from '../providers/port'
import { vaultAccount } from '../vault'
import { clientFor, credentialOf, errorMessage, findProfile, healthSettings, needsCredential, openSession, providerOf, sessionFor, storedIndex, storedOf, type CoreContext } from './context'
import { asKept, keptToken, localAdd, syncCache } from './local-tokens'

const RECENT_COPIES = 5
const SEARCH_LIMIT = 50


export class TokensService {
  private recent: readonly QuickResult[] = []
  /** The tail of each token's queue of rotate/revoke operations, by tokenKey. */
  private readonly queues = new Map<string, Promise<unknown>>()
  /** Tokens this session rotated, with their replacement: the API refuses to rotate them again anyway. */
  private readonly successors = new Map<string, string>()

  constructor(
    private readonly ctx: CoreContext,
    private readonly guard: ClipboardGuard,
    private readonly rotation: RotationDeps,
    /** Revokes npm tokens whose rotation grace Keyward keeps, when it ends. */
    private readonly revokes: RevokeScheduler,
  ) {}

  /** The profile's tokens with their health; the cached list, marked stale, when the API or keychain is out of reach. */
  async list(profileId: string): Promise<TokenList> {
    const { ctx } = this
    const profile = findProfile(ctx, profileId)
    const provider = providerOf(ctx, profile.provider)
    const fetchedAt = ctx.now().toISOString()
    let keys: readonly ApiKey[]
    try {
      keys = provider.descriptor.inventory === 'local' ? await this.watchLocal(profile, provider) : kept(await (await sessionFor(ctx, profile)).list(), fetchedAt)
    } catch (error) {
      return this.cachedList(profileId, error)
    }
    keys = withScheduledRevokes(keys, ctx.state.journal, profileId)
    ctx.cache.set(profileId, { fetchedAt, tokens: keys })
    // Forget reminders of tokens that are gone, so the fired set does not grow forever.
    const reminders = ctx.state.reminderState
    if (reminders.fired.length > 0) {
      const pruned = pruneFired(reminders, profileId, new Set(keys.map((k) => k.id)))
      if (pruned !== reminders) ctx.state.update((s) => ({ ...s, reminders: { fired: [...pruned.fired], snoozed: { ...pruned.snoozed } } }))
    }
    const index = await storedIndex(ctx)
    const stored = await this.forgetEndedSecrets(profileId, keys, storedOf(index, profileId))
    const tokens = withHealth(keys, ctx.now().getTime(), healthSettings(ctx), stored)
    return { profileId, tokens, attention: countAttention(tokens), stale: false, fetchedAt, staleReason: null, keychainProblem: index.problem }
  }

  /**
   * Tokens Keyward lists itself, each re-identified with its own secret where the provider can
   * (GitHub: expiry and scopes as GitHub reports them now; a token GitHub refuses is revoked or expired).
   */
  private async watchLocal(profile: StoredProfile, provider: Provider): Promise<ApiKey[]> {
    const { ctx } = this
    if (needsCredential(provider)) {
      for (const record of ctx.inventory.list(profile.id)) {
        if (record.token.status !== 'active') continue
        const secret = await ctx.vault.get(vaultAccount.token(profile.id, record.token.id))
        if (!secret) continue
        let now: ProviderToken
        try {
          const found = (await openSession(ctx, provider, profile.baseUrl, secret).identify()).token
          if (!found) continue
          now = { ...found, id: record.token.id, name: record.token.name }
        } catch (error) {
          if (!(error instanceof KeywardError && error.code === 'INVALID_API_KEY')) throw error
          const lapsed = record.token.expiresAt !== null && Date.parse(record.token.expiresAt) <= ctx.now().getTime()
          now = lapsed ? { ...record.token, status: 'expired' } : { ...record.token, status: 'revoked', revokedAt: ctx.now().toISOString() }
        }
        ctx.inventory.put(profile.id, now, record.addedAt)
      }
    }
    return syncCache(ctx, profile.id)
  }

  async scopes(profileId: string): Promise<readonly Scope[]> {
    const session = await sessionFor(this.ctx, findProfile(this.ctx, profileId))
    return session.scopes()
  }

  async create(req: IpcParsedRequest<'tokens:create'>): Promise<ShowOnce> {
    const { ctx } = this
    const profile = findProfile(ctx, req.profileId)
    const create = providerOf(ctx, profile.provider).descriptor.capabilities.create
    if (!create.available) throw notSupported(create.reason)
    const session = await sessionFor(ctx, profile)
    try {
      await ctx.vault.assertWritable()
    } catch (error) {
      throw new KeywardError('KEYCHAIN_UNAVAILABLE', `Keyward did not create the token: its secret is shown only once and could not be stored. ${errorMessage(error)}`)
    }
    const created = await session.create({ name: req.name, scopes: req.scopes, expiresAt: req.expiresAt }, stepUpOf(req))
    const token = asKept(created.token, ctx.now().toISOString())
    let storeError: string | null = null
    try {
      await ctx.vault.set(vaultAccount.token(profile.id, token.id), created.secret)
    } catch (error) {
      storeError = `The secret is NOT stored in the keychain — copy it now, it will not be shown again. (${errorMessage(error)})`
    }
    this.cacheUpsert(profile.id, token)
    ctx.log(`tokens: created ${token.id} in ${profile.id}${storeError ? ' (not stored)' : ''}`)
    return { token: this.view(token, storeError === null), secret: created.secret, stored: storeError === null, storeError }
  }

  /** Rotates a token; a second rotate of the same token (a double click) waits for the first and is refused in words. */
  rotate(req: IpcParsedRequest<'tokens:rotate'>): Promise<RotateResult> {
    return this.serial(req.profileId, req.tokenId, () => this.rotateNow(req))
  }

  private async rotateNow(req: IpcParsedRequest<'tokens:rotate'>): Promise<RotateResult> {
    const { ctx } = this
    const profile = findProfile(ctx, req.profileId)
    const provider = providerOf(ctx, profile.provider)
    // The Token API rotates natively with a grace it keeps (below); the others follow rotationPlan's steps.
    if (provider.descriptor.rotation === 'replace-secret') return this.replaceSecret(req, profile)
    if (provider.descriptor.rotation !== 'native-grace') return this.rotateByPlan(req, profile, provider)
    const successor = this.successors.get(tokenKey(profile.id, req.tokenId))
    if (successor !== undefined) {
      throw new KeywardError(
        'KEY_ALREADY_ROTATED',
        `This token was just rotated: its replacement is ${successor}. It was not rotated a second time; rotate the replacement if you need another.`,
        { successorId: successor },
      )
    }
    const client = await clientFor(ctx, profile)
    const old = await findToken(client, req.tokenId)
    requireConfirmation(profile, old.name, req.confirmName, 'rotate')
    const me = await withApi(() => client.me())
    const isCredential = me.key.id === old.id
    const expiresAt = req.expiresAt !== undefined ? req.expiresAt : defaultExpiry(old, me.key.expiresAt, ctx.now().getTime())
    const outcome = await withApi(() => rotate(this.rotation, client, profile, old, req.gracePeriodSeconds, isCredential, expiresAt))
    // Record which key the credential now is (also heals profiles saved before this was kept).
    const credentialKeyId = outcome.credentialMoved ? outcome.newKey.id : me.key.id
    if (findProfile(ctx, profile.id).credentialKeyId !== credentialKeyId) {
      ctx.state.update((s) => ({ ...s, profiles: s.profiles.map((p) => (p.id === profile.id ? { ...p, credentialKeyId } : p)) }))
    }
    this.successors.set(tokenKey(profile.id, old.id), outcome.newKey.id)
    this.cacheUpsert(profile.id, outcome.oldKey)
    this.cacheUpsert(profile.id, outcome.newKey)
    const stored = storedOf(await storedIndex(ctx), profile.id)
    return {
      token: this.view(outcome.newKey, outcome.stored),
      secret: outcome.secret,
      stored: outcome.stored,
      storeError: outcome.storeError,
      oldToken: this.view(outcome.oldKey, stored.has(outcome.oldKey.id)),
      warning: outcome.warning,
    }
  }

  /** GitLab (native-immediate) and npm (create-then-revoke): the plan's steps, journalled (provider-rotation.ts). */
  private async rotateByPlan(req: IpcParsedRequest<'tokens:rotate'>, profile: StoredProfile, provider: Provider): Promise<RotateResult> {
    const { ctx } = this
    const d = provider.descriptor
    this.refuseSecondRotation(profile.id, req.tokenId)
    const plan = rotationPlan(d, req.gracePeriodSeconds, SAFETY_GRACE_SECONDS)
    if (plan.graceSeconds < req.gracePeriodSeconds) {
      const why = d.capabilities.rotateWithGrace.available ? 'it cannot keep the old token working' : d.capabilities.rotateWithGrace.reason
      throw new KeywardError('INVALID_REQUEST', `${why} Rotate with no grace period.`, { details: [{ field: 'gracePeriodSeconds', message: 'must be 0' }] })
    }
    const credential = await credentialOf(ctx, profile)
    const connect = (secret: string) => openSession(ctx, provider, profile.baseUrl, secret)
    const old = asKept(await findIn(connect(credential), req.tokenId), ctx.now().toISOString())
    requireConfirmation(profile, old.name, req.confirmName, 'rotate')
    if (old.status !== 'active') throw new KeywardError('KEY_NOT_ACTIVE', `This token is ${old.status}: Keyward does not rotate it. ${plan.notices.join(' ')}`.trim())
    const expiresAt = req.expiresAt !== undefined ? req.expiresAt : rotatedExpiry(old, ctx.now().getTime())
    const outcome = await rotateByPlan(this.rotation, {
      provider,
      profile: { id: profile.id, name: profile.name, baseUrl: profile.baseUrl, account: profile.account },
      connect,
      credential,
      old,
      plan,
      isCredential: profile.credentialKeyId === old.id,
      stepUp: stepUpOf(req),
      expiresAt,
    })
    if (outcome.credentialMoved) {
      ctx.state.update((s) => ({ ...s, profiles: s.profiles.map((p) => (p.id === profile.id ? { ...p, credentialKeyId: outcome.newKey.id } : p)) }))
    }
    const scheduled = ctx.state.journal.find((e) => e.profileId === profile.id && e.oldTokenId === old.id && e.revokeOldAt)
    if (scheduled) this.revokes.schedule(scheduled)
    this.successors.set(tokenKey(profile.id, old.id), outcome.newKey.id)
    const newKey = asKept(outcome.newKey, ctx.now().toISOString())
    this.cacheUpsert(profile.id, outcome.oldKey)
    this.cacheUpsert(profile.id, newKey)
    const stored = storedOf(await storedIndex(ctx), profile.id)
    return {
      token: this.view(newKey, outcome.stored),
      secret: outcome.secret,
      stored: outcome.stored,
      storeError: outcome.storeError,
      oldToken: this.view(outcome.oldKey, stored.has(outcome.oldKey.id)),
      warning: [plan.notices.join(' '), outcome.warning].filter(Boolean).join(' ') || null,
    }
  }

  /** Any secret: the new secret the user pasted replaces the old one in the keychain; the record's age restarts. */
  private async replaceSecret(req: IpcParsedRequest<'tokens:rotate'>, profile: StoredProfile): Promise<RotateResult> {
    const { ctx } = this
    const record = ctx.inventory.find(profile.id, req.tokenId)
    if (!record) throw new KeywardError('NOT_FOUND', 'Keyward has no such secret in this profile.')
    const old = keptToken(record, ctx.now())
    requireConfirmation(profile, old.name, req.confirmName, 'rotate')
    const secret = req.secret?.replace(/\s+/g, '') ?? ''
    if (secret === '') {
      const message = `Paste the new secret from ${old.entered?.providerLabel || 'its vendor'}’s dashboard; the old one then leaves the keychain.`
      throw new KeywardError('INVALID_REQUEST', message, { details: [{ field: 'secret', message: 'required' }] })
    }
    try {
      await ctx.vault.assertWritable()
    } catch (error) {
      throw new KeywardError('KEYCHAIN_UNAVAILABLE', `Keyward did not replace "${old.name}": the new secret could not be stored. Nothing was changed. ${errorMessage(error)}`)
    }
    const entry = {
      name: old.name,
      environment: old.entered?.environment ?? profile.environment,
      providerLabel: old.entered?.providerLabel ?? '',
      scopes: old.scopes.join(' '),
      expiresAt: req.expiresAt !== undefined ? req.expiresAt : old.expiresAt,
      notes: old.entered?.notes ?? '',
    }
    const replaced: ProviderToken = { ...replaceSecret(record.token, entry, secret, ctx.now()), ...(old.entered ? { entered: old.entered } : {}) }
    // Written over the old secret: it leaves the keychain in the same step.
    await ctx.vault.set(vaultAccount.token(profile.id, old.id), secret)
    ctx.inventory.put(profile.id, replaced, record.addedAt)
    syncCache(ctx, profile.id)
    ctx.log(`tokens: replaced the secret of ${old.id} in ${profile.id}`)
    const token = asKept(replaced, ctx.now().toISOString())
    return { token: this.view(token, true), secret, stored: true, storeError: null, oldToken: this.view(old, false), warning: null }
  }

  /** A token this session already rotated is not rotated again (a double click): its replacement is named. */
  private refuseSecondRotation(profileId: string, tokenId: string): void {
    const successor = this.successors.get(tokenKey(profileId, tokenId))
    if (successor !== undefined) {
      throw new KeywardError(
        'KEY_ALREADY_ROTATED',
        `This token was just rotated: its replacement is ${successor}. It was not rotated a second time; rotate the replacement if you need another.`,
        { successorId: successor },
      )
    }
  }

  /** Revokes a token, after any rotate or revoke of it still under way. */
  revoke(req: IpcParsedRequest<'tokens:revoke'>): Promise<TokenView> {
    return this.serial(req.profileId, req.tokenId, () => this.revokeNow(req))
  }

  private async revokeNow(req: IpcParsedRequest<'tokens:revoke'>): Promise<TokenView> {
    const { ctx } = this
    const profile = findProfile(ctx, req.profileId)
    const d = providerOf(ctx, profile.provider).descriptor
    const session = await sessionFor(ctx, profile)
    const record = d.inventory === 'local' ? ctx.inventory.find(profile.id, req.tokenId) : undefined
    if (d.inventory === 'local' && !record) throw new KeywardError('NOT_FOUND', 'Keyward has no such token in this profile.')
    const token = record ? keptToken(record, ctx.now()) : asKept(await findIn(session, req.tokenId), ctx.now().toISOString())
    requireConfirmation(profile, token.name, req.confirmName, 'revoke')
    if (d.revokeBy === 'secret') {
      // GitHub revokes a token when sent the token itself (the credential revocation API).
      const secret = await ctx.vault.get(vaultAccount.token(profile.id, token.id))
      await session.revoke({ id: token.id, ...(secret ? { secret } : {}) })
    } else if (d.revokeBy === 'id') await session.revoke({ id: token.id })
    // Revoking the profile's own credential locks the session out, so the result is not re-fetched.
    const revoked: ApiKey = { ...token, status: 'revoked', revokedAt: token.revokedAt ?? ctx.now().toISOString() }
    // A revoked secret is useless; keeping it would only widen exposure. Forgetting (any secret) is exactly this.
    await ctx.vault.delete(vaultAccount.token(profile.id, token.id)).catch(() => false)
    if (record && d.revokeBy === 'forget') {
      ctx.inventory.remove(profile.id, token.id)
      syncCache(ctx, profile.id)
    } else if (record) {
      ctx.inventory.put(profile.id, { ...record.token, status: 'revoked', revokedAt: revoked.revokedAt }, record.addedAt)
      syncCache(ctx, profile.id)
    } else this.cacheUpsert(profile.id, revoked)
    ctx.log(`tokens: ${d.revokeBy === 'forget' ? 'forgot' : 'revoked'} ${token.id} in ${profile.id}`)
    return this.view(revoked, false)
  }

  /**
   * Keeps a secret made elsewhere: identified at the provider as this profile's account and filed
   * under its token id; an any-secret with what the user entered.
   */
  async import(req: IpcParsedRequest<'tokens:import'>): Promise<TokenView> {
    const { ctx } = this
    const profile = findProfile(ctx, req.profileId)
    const provider = providerOf(ctx, profile.provider)
    const d = provider.descriptor
    if (!needsCredential(provider)) return this.addEntered(profile, req)
    if (req.entry) throw new KeywardError('INVALID_REQUEST', `${d.label} tells Keyward what a token is; there is nothing to enter.`, { details: [{ field: 'entry', message: 'not used' }] })
    const check = provider.checkCredential?.(req.secret) ?? { ok: true as const, credential: req.secret.replace(/\s+/g, '') }
    if (!check.ok) throw new KeywardError('INVALID_REQUEST', check.message, { details: [{ field: 'secret', message: check.message }] })
    let identity
    try {
      identity = await openSession(ctx, provider, profile.baseUrl, check.credential).identify()
    } catch (error) {
      if (error instanceof KeywardError && error.code === 'INVALID_API_KEY') {
        throw new KeywardError('INVALID_API_KEY', `${d.label} does not accept this ${d.credentialLabel}: it is unknown, revoked or expired.`)
      }
      throw toKeywardError(error)
    }
    const { account, token } = identity
    const expected = profile.account?.id ?? profile.organization?.id
    if (expected !== undefined && account.id !== expected) {
      throw new KeywardError(
        'INVALID_REQUEST',
        account.environment !== null
          ? `This key belongs to the organization "${account.name}", not to the one of "${profile.name}". Import it in that organization’s profile.`
          : `This ${d.credentialLabel} belongs to ${account.name}, not to the account of "${profile.name}". Import it in that account’s profile.`,
      )
    }
    if (!token) throw new KeywardError('NOT_FOUND', `${d.label} does not say which of its tokens this is, so Keyward cannot file it.`)
    if (d.inventory === 'local') {
      const kept = await localAdd(ctx, profile, token, check.credential)
      ctx.log(`tokens: added ${token.id} to ${profile.id}`)
      return this.view(kept, true)
    }
    await ctx.vault.set(vaultAccount.token(profile.id, token.id), check.credential)
    const key = asKept(token, ctx.now().toISOString())
    this.cacheUpsert(profile.id, key)
    ctx.log(`tokens: imported ${key.id} into ${profile.id}`)
    return this.view(key, true)
  }

  /** Any secret: the secret in the keychain, what the user entered in Keyward's own list. */
  private async addEntered(profile: StoredProfile, req: IpcParsedRequest<'tokens:import'>): Promise<TokenView> {
    const { ctx } = this
    const entry = req.entry
    if (!entry) {
      throw new KeywardError('INVALID_REQUEST', 'Give the secret a name and say where it is from.', { details: [{ field: 'entry', message: 'required' }] })
    }
    const secret = req.secret.replace(/\s+/g, '')
    const token: ProviderToken = { ...secretToken(newSecretId(), entry, secret, ctx.now()), entered: { providerLabel: entry.providerLabel, environment: entry.environment, notes: entry.notes } }
    const kept = await localAdd(ctx, profile, token, secret)
    ctx.log(`tokens: added ${token.id} to ${profile.id}`)
    return this.view(kept, true)
  }

  /** Copies a stored secret in core; it never reaches the renderer. */
  async copy(req: { readonly profileId: string; readonly tokenId: string }): Promise<Copied> {
    const { ctx } = this
    const profile = findProfile(ctx, req.profileId)
    const secret = await ctx.vault.get(vaultAccount.token(req.profileId, req.tokenId))
    if (!secret) {
      throw new KeywardError('SECRET_NOT_STORED', 'The secret of this token is not in the keychain. Import it from the token details if you have it, or rotate the token.')
    }
    const copied = await this.guard.copy(secret, ctx.state.settings.clipboardClearSeconds)
    const token = ctx.cache.get(profile.id)?.tokens.find((k) => k.id === req.tokenId)
    if (token) this.remember(quickResult(profile, token, true))
    return copied
  }

  /** Copies the secret shown once after create or rotate, with the same auto-clear. */
  copySecret(secret: string): Promise<Copied> {
    return this.guard.copy(secret, this.ctx.state.settings.clipboardClearSeconds)
  }

  /** The most recently copied tokens, newest first, at most five (the tray's quick copy). */
  recentCopies(): readonly QuickResult[] {
    return this.recent
  }

  /** Tokens across all profiles (from the cached lists) matching the query, for the quick switcher. */
  async search(query: string): Promise<QuickResult[]> {
    const index = await storedIndex(this.ctx)
    const candidates: QuickCandidate[] = []
    for (const p of this.ctx.state.profiles) {
      const list = this.ctx.cache.get(p.id)
      if (!list) continue
      const stored = storedOf(index, p.id)
      for (const k of list.tokens) candidates.push({ result: quickResult(p, k, stored.has(k.id)), scopes: k.scopes })
    }
    return rankQuickResults(candidates, query, this.recent.map(quickKey), SEARCH_LIMIT)
  }

  private async cachedList(profileId: string, error: unknown): Promise<TokenList> {
    const { ctx } = this
    const cached = ctx.cache.get(profileId)
    const offline = isUnreachable(error) || unreachableProvider(error) || (error instanceof KeywardError && error.code === 'KEYCHAIN_UNAVAILABLE')
    if (!cached || !offline) throw toKeywardError(error)
    const index = await storedIndex(ctx)
    const tokens = withHealth(cached.tokens, ctx.now().getTime(), healthSettings(ctx), storedOf(index, profileId))
    return {
      profileId,
      tokens,
      attention: countAttention(tokens),
      stale: true,
      fetchedAt: cached.fetchedAt,
      // The reason only: the UI shows fetchedAt itself, in the user's time format.
      staleReason: errorMessage(toKeywardError(error)),
      keychainProblem: index.problem,
    }
  }

  /**
   * Deletes the stored secrets of keys that have ended (revoked, or expired — a rotation's grace
   * period over): they open nothing any more, and kept they only widen exposure, as revoke says.
   * Returns the ids still stored.
   */
  private async forgetEndedSecrets(profileId: string, keys: readonly ApiKey[], stored: ReadonlySet<string>): Promise<ReadonlySet<string>> {
    const ended = keys.filter((k) => k.status !== 'active' && stored.has(k.id))
    if (ended.length === 0) return stored
    const left = new Set(stored)
    for (const k of ended) {
      try {
        await this.ctx.vault.delete(vaultAccount.token(profileId, k.id))
        left.delete(k.id)
        this.ctx.log(`tokens: removed the secret of ended ${k.id} in ${profileId}`)
      } catch (error) {
        // The list still shows; the next one tries again.
        this.ctx.log(`tokens: could not remove the secret of ended ${k.id} (${errorMessage(error)})`)
      }
    }
    return left
  }

  /** Runs `fn` after every earlier operation on the same token has settled. */
  private serial<T>(profileId: string, tokenId: string, fn: () => Promise<T>): Promise<T> {
    const key = tokenKey(profileId, tokenId)
    const run = (this.queues.get(key) ?? Promise.resolve()).then(fn)
    const tail = run.then(
      () => {},
      () => {},
    )
    this.queues.set(key, tail)
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key)
    })
    return run
  }

  private remember(entry: QuickResult): void {
    this.recent = [entry, ...this.recent.filter((r) => r.profileId !== entry.profileId || r.tokenId !== entry.tokenId)].slice(0, RECENT_COPIES)
  }

  private view(key: ApiKey, stored: boolean): TokenView {
    return { ...key, health: classify(key, this.ctx.now().getTime(), healthSettings(this.ctx), stored) }
  }

  /** Keeps the offline cache in step with a single-key change. */
  private cacheUpsert(profileId: string, key: ApiKey): void {
    const current = this.ctx.cache.get(profileId)
    if (!current) return
    const idx = current.tokens.findIndex((k) => k.id === key.id)
    const tokens = idx >= 0 ? current.tokens.map((k, i) => (i === idx ? key : k)) : [key, ...current.tokens]
    this.ctx.cache.set(profileId, { fetchedAt: current.fetchedAt, tokens })
  }
}

/**
 * The replacement's expiry when the caller did not choose one: the old token's lifetime from now,
 * no later than the profile's credential (the API refuses a key outliving the key that mints it).
 */
function defaultExpiry(old: ApiKey, credentialExpiresAt: string | null, now: number): string | null {
  const wanted = rotatedExpiry(old, now)
  if (credentialExpiresAt === null) return wanted
  return wanted === null || Date.parse(wanted) > Date.parse(credentialExpiresAt) ? credentialExpiresAt : wanted
}

function tokenKey(profileId: string, tokenId: string): string {
  return JSON.stringify([profileId, tokenId])
}

async function withApi<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw toKeywardError(error)
  }
}

function findToken(client: TokenApiClient, tokenId: string): Promise<ApiKey> {
  return withApi(() => client.getKey(tokenId))
}

/** One token of the session's provider: read directly where it can (the Token API), else found in its list. */
async function findIn(session: ProviderSession, tokenId: string): Promise<ProviderToken> {
  if (session.get) return session.get(tokenId)
  const found = (await session.list()).find((t) => t.id === tokenId)
  if (!found) throw new KeywardError('NOT_FOUND', 'This token no longer exists at its provider. Refresh the list.')
  return found
}

/** A provider's list as Keyward keeps it; the same array when every token tells its creation time (health caches per array). */
function kept(tokens: readonly ProviderToken[], fetchedAt: string): readonly ApiKey[] {
  return tokens.some((t) => t.createdAt === null) ? tokens.map((t) => asKept(t, fetchedAt)) : (tokens as readonly ApiKey[])
}

/**
 * Tokens whose rotation grace Keyward keeps (npm): shown with their successor and the time
 * Keyward revokes them, so they read "being replaced" rather than asking to be rotated again.
 */
function withScheduledRevokes(keys: readonly ApiKey[], journal: readonly JournalEntry[], profileId: string): readonly ApiKey[] {
  const scheduled = journal.filter((e) => e.profileId === profileId && e.revokeOldAt && e.newTokenId)
  if (scheduled.length === 0) return keys
  return keys.map((k) => {
    const e = scheduled.find((x) => x.oldTokenId === k.id)
    if (!e?.revokeOldAt || k.status !== 'active') return k
    const ends = k.expiresAt !== null && Date.parse(k.expiresAt) < Date.parse(e.revokeOldAt) ? k.expiresAt : e.revokeOldAt
    return { ...k, successorId: e.newTokenId, expiresAt: ends }
  })
}

/** A provider that could not be reached or failed on its side (a gateway's 502–504, not a 500 it answered with). */
function unreachableProvider(error: unknown): boolean {
  return error instanceof ProviderError && (error.code === 'NETWORK' || error.code === 'TIMEOUT' || (error.code === 'SERVER' && (error.status === 0 || error.status >= 502)))
}

/** What a provider asks for per request (npm: password, one-time password): passed on, never kept. */
function stepUpOf(req: { readonly password?: string | undefined; readonly otp?: string | undefined }): { password?: string; otp?: string } {
  return { ...(req.password !== undefined ? { password: req.password } : {}), ...(req.otp !== undefined ? { otp: req.otp } : {}) }
}

function requireConfirmation(profile: StoredProfile, tokenName: string, confirmName: string | undefined, action: string): void {
  if (profile.environment === 'prod' && confirmName !== tokenName) {
    throw new KeywardError('CONFIRMATION_REQUIRED', `To ${action} a token of a prod profile, type its name ("${tokenName}") to confirm.`)
  }
}

function quickResult(profile: StoredProfile, token: ApiKey, stored: boolean): QuickResult {
  return { profileId: profile.id, profileName: profile.name, environment: profile.environment, tokenId: token.id, name: token.name, hint: token.hint, status: token.status, stored }
}

/** How many tokens of a classified list need attention. */
export function countAttention(tokens: readonly TokenView[]): number {
  let n = 0
  for (const t of tokens) if (t.health.needsAttention) n++
  return n
}
