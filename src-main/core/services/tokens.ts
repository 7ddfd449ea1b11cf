/**
 * Tokens: the list (with the offline cache as fallback), create, rotate, revoke, import, copy,
 * search across profiles, and the recent copies the tray offers.
 */
import type { IpcParsedRequest } from '../../shared/ipc-contract'
import type { ApiKey, QuickResult, RotateResult, Scope, ShowOnce, TokenList, TokenView } from '../../shared/models'
import { checkSecret } from '../../shared/token-format'
import { rotatedExpiry } from '../../shared/token-lifetime'
import { ApiError, isUnreachable, toKeywardError, type TokenApiClient } from '../api-client'
import type { ClipboardGuard } from '../clipboard-guard'
import { KeywardError } from '../errors'
import { classify, withHealth } from '../health'
import { pruneFired } from '../reminders'
import { rotate, type RotationDeps } from '../rotation'
import type { StoredProfile } from '../persistence/state-file'
import { vaultAccount } from '../vault'
import { clientFor, connect, errorMessage, findProfile, healthSettings, storedIndex, storedOf, type CoreContext } from './context'

const RECENT_COPIES = 5
const SEARCH_LIMIT = 50

type Copied = { readonly clearsAt: string | null }

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
  ) {}

  /** The profile's tokens with their health; the cached list, marked stale, when the API or keychain is out of reach. */
  async list(profileId: string): Promise<TokenList> {
    const { ctx } = this
    const profile = findProfile(ctx, profileId)
    let keys: ApiKey[]
    try {
      keys = await (await clientFor(ctx, profile)).listKeys('all')
    } catch (error) {
      return this.cachedList(profileId, error)
    }
    const fetchedAt = ctx.now().toISOString()
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

  async scopes(profileId: string): Promise<readonly Scope[]> {
    const client = await clientFor(this.ctx, findProfile(this.ctx, profileId))
    return withApi(() => client.scopes())
  }

  async create(req: IpcParsedRequest<'tokens:create'>): Promise<ShowOnce> {
    const { ctx } = this
    const profile = findProfile(ctx, req.profileId)
    const client = await clientFor(ctx, profile)
    try {
      await ctx.vault.assertWritable()
    } catch (error) {
      throw new KeywardError('KEYCHAIN_UNAVAILABLE', `Keyward did not create the token: its secret is shown only once and could not be stored. ${errorMessage(error)}`)
    }
    const created = await withApi(() => client.createKey({ name: req.name, scopes: req.scopes, expiresAt: req.expiresAt }))
    let storeError: string | null = null
    try {
      await ctx.vault.set(vaultAccount.token(profile.id, created.key.id), created.secret)
    } catch (error) {
      storeError = `The secret is NOT stored in the keychain — copy it now, it will not be shown again. (${errorMessage(error)})`
    }
    this.cacheUpsert(profile.id, created.key)
    ctx.log(`tokens: created ${created.key.id} in ${profile.id}${storeError ? ' (not stored)' : ''}`)
    return { token: this.view(created.key, storeError === null), secret: created.secret, stored: storeError === null, storeError }
  }

  /** Rotates a token; a second rotate of the same token (a double click) waits for the first and is refused in words. */
  rotate(req: IpcParsedRequest<'tokens:rotate'>): Promise<RotateResult> {
    return this.serial(req.profileId, req.tokenId, () => this.rotateNow(req))
  }

  private async rotateNow(req: IpcParsedRequest<'tokens:rotate'>): Promise<RotateResult> {
    const { ctx } = this
    const profile = findProfile(ctx, req.profileId)
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

  /** Revokes a token, after any rotate or revoke of it still under way. */
  revoke(req: IpcParsedRequest<'tokens:revoke'>): Promise<TokenView> {
    return this.serial(req.profileId, req.tokenId, () => this.revokeNow(req))
  }

  private async revokeNow(req: IpcParsedRequest<'tokens:revoke'>): Promise<TokenView> {
    const { ctx } = this
    const profile = findProfile(ctx, req.profileId)
    const client = await clientFor(ctx, profile)
    const token = await findToken(client, req.tokenId)
    requireConfirmation(profile, token.name, req.confirmName, 'revoke')
    await withApi(() => client.revokeKey(token.id))
    // Revoking the profile's own credential locks the client out, so the result is not re-fetched.
    const revoked: ApiKey = { ...token, status: 'revoked', revokedAt: token.revokedAt ?? ctx.now().toISOString() }
    // A revoked secret is useless; keeping it would only widen exposure.
    await ctx.vault.delete(vaultAccount.token(profile.id, token.id)).catch(() => false)
    this.cacheUpsert(profile.id, revoked)
    ctx.log(`tokens: revoked ${token.id} in ${profile.id}`)
    return this.view(revoked, false)
  }

  /** Stores a secret made elsewhere under its key id, once the API has identified it in this profile's organization. */
  async import(req: IpcParsedRequest<'tokens:import'>): Promise<TokenView> {
    const { ctx } = this
    const profile = findProfile(ctx, req.profileId)
    const check = checkSecret(req.secret)
    if (!check.ok) throw new KeywardError('INVALID_REQUEST', check.message, { details: [{ field: 'secret', message: check.message }] })
    let me
    try {
      me = await connect(ctx, profile.baseUrl, check.secret).me()
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'InvalidApiKey') {
        throw new KeywardError('INVALID_API_KEY', 'The Token API does not accept this key: it is unknown, revoked or expired.')
      }
      throw toKeywardError(error)
    }
    if (profile.organization && me.organization.id !== profile.organization.id) {
      throw new KeywardError('INVALID_REQUEST', `This key belongs to the organization "${me.organization.name}", not to the one of "${profile.name}". Import it in that organization's profile.`)
    }
    await ctx.vault.set(vaultAccount.token(profile.id, me.key.id), check.secret)
    this.cacheUpsert(profile.id, me.key)
    ctx.log(`tokens: imported ${me.key.id} into ${profile.id}`)
    return this.view(me.key, true)
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
    const q = query.trim().toLowerCase()
    const index = await storedIndex(this.ctx)
    const out: QuickResult[] = []
    for (const p of this.ctx.state.profiles) {
      const list = this.ctx.cache.get(p.id)
      if (!list) continue
      const stored = storedOf(index, p.id)
      for (const k of list.tokens) {
        if (q && !k.name.toLowerCase().includes(q) && !k.id.toLowerCase().includes(q) && !k.hint.toLowerCase().includes(q) && !p.name.toLowerCase().includes(q)) continue
        out.push(quickResult(p, k, stored.has(k.id)))
        if (out.length >= SEARCH_LIMIT) return out
      }
    }
    return out
  }

  private async cachedList(profileId: string, error: unknown): Promise<TokenList> {
    const { ctx } = this
    const cached = ctx.cache.get(profileId)
    const offline = isUnreachable(error) || (error instanceof KeywardError && error.code === 'KEYCHAIN_UNAVAILABLE')
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
