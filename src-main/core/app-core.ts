import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { HandlerTable } from './ipc-dispatch'
import type { ClipboardPort, NotifierPort } from './ports'
import { KEYCHAIN_HELP, vaultAccount, type Vault } from './vault'
import { AccountTrackingVault } from './account-tracking-vault'
import { KeywardError } from './errors'
import { checkSecret } from '../shared/token-format'
import type { ApiKey, Environment, ProfileView, QuickResult, Settings, TokenList, TokenView } from '../shared/models'
import { ENVIRONMENTS } from '../shared/models'
import type { SettingsPatch } from '../shared/ipc-contract'
import { ApiError, isUnreachable, TokenApiClient, toKeywardError, type ClientOptions } from './api-client'
import { ClipboardGuard, realTimers, type Timers } from './clipboard-guard'
import { attentionCount, classify, healthConfig, withHealth } from './health'
import { normalizeBaseUrl, profileWarnings } from './profiles'
import { planReminders, pruneFired, snooze } from './reminders'
import { interruptedRotations, recoverRotations, rotate, type Faults } from './rotation'
import { defaultSandboxStarter, portOf, startSandbox, type RunningSandbox, type SandboxStarter } from './sandbox'
import { StateStore, TokenCache, type StoreClass, type StoredProfile } from './store'

export interface AppCoreOptions {
  readonly userDataDir: string
  readonly appVersion: string
  readonly mode: 'development' | 'production'
  readonly vault: Vault
  readonly clipboard: ClipboardPort
  readonly notifier: NotifierPort
  /** Secret-free log lines. */
  readonly log: (line: string) => void
  readonly now?: () => Date
  /** Start the built-in sandbox when settings allow it (default true); tests of other parts pass false. */
  readonly builtInSandbox?: boolean
  /** How the sandbox server is started (default: src-main/token-api/server startTokenApi). */
  readonly startSandbox?: SandboxStarter
  /** Timers for clipboard clearing (tests inject fake ones). */
  readonly timers?: Timers
  /** Crash injection for rotation tests. */
  readonly faults?: Faults
  /** Token API client deadlines/retries (tests shorten them). */
  readonly client?: ClientOptions
  /** What persists settings and the token cache: conf by default, electron-store in the app. */
  readonly storeClass?: StoreClass
}

/** Everything the shell (Electron main or the e2e bridge) needs from core. */
export interface AppCore {
  readonly handlers: HandlerTable
  /** Shows the reminders due now; the shell calls it at start, every 30 minutes and on resume. */
  checkReminders(): Promise<void>
  /** Clears a pending clipboard secret, stops the sandbox, flushes state. */
  shutdown(): Promise<void>
  /** Tokens needing attention across all profiles, from the last known lists (for the tray). */
  attentionTotal(): Promise<number>
  /** The most recently copied tokens, newest first, at most five (for the tray's quick copy). */
  recentCopies(): readonly QuickResult[]
}

const RECENT_COPIES = 5

const SANDBOX_NAMES: Readonly<Record<Environment, string>> = { dev: 'Sandbox dev', staging: 'Sandbox staging', prod: 'Sandbox prod' }

function newProfileId(): string {
  return `prf_${randomBytes(8).toString('hex')}`
}

interface StoredIndex {
  readonly ids: Map<string, Set<string>>
  readonly problem: string | null
}

function keychainProblem(error: unknown): string {
  const reason = error instanceof KeywardError && error.code === 'KEYCHAIN_UNAVAILABLE' ? error.message : `${KEYCHAIN_HELP} (${errorMessage(error)})`
  return `Keyward cannot read the keychain, so it cannot tell which secrets are stored. ${reason}`
}

function sandboxFailure(error: unknown): string {
  // The held-back message stands on its own; anything else is a start failure with its reason.
  if (error instanceof KeywardError && error.code === 'SETTINGS_CORRUPT') return error.message
  return `The built-in sandbox could not start: ${errorMessage(error)}`
}

function countAttention(tokens: readonly TokenView[]): number {
  let n = 0
  for (const t of tokens) if (t.health.needsAttention) n++
  return n
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Builds the core service for one user-data directory. */
export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const now = options.now ?? (() => new Date())
  const log = options.log
  const vault = new AccountTrackingVault(options.vault)
  const clientOptions = options.client ?? {}
  const store = new StateStore(options.userDataDir, now(), options.storeClass)
  const cache = new TokenCache(options.userDataDir, now(), options.storeClass)
  let recent: readonly QuickResult[] = []
  if (store.problem) {
    log('settings: the settings file was corrupt and has been kept as a backup')
    // Persisted, because the fresh settings file written now would look like a first run next time.
    store.update((s) => ({ ...s, sandbox: { ...s.sandbox, keptAfterSettingsProblem: true } }))
  }
  if (cache.problem) log('settings: the token cache was corrupt and has been kept as a backup')
  const guard = new ClipboardGuard(options.clipboard, options.timers ?? realTimers, now, log)
  const sandboxDir = join(options.userDataDir, 'sandbox')
  const starter = options.startSandbox ?? defaultSandboxStarter
  let sandbox: RunningSandbox | null = null
  let sandboxProblem: string | null = null
  /** The sandbox held back because a settings backup may still need its data: a settings matter, not a start failure. */
  let sandboxHeldBack: string | null = null
  const rotationDeps = { store, vault, now, log, faults: options.faults, clientOptions }

  // --- helpers --------------------------------------------------------------------------------

  const findProfile = (id: string): StoredProfile => {
    const p = store.profiles.find((x) => x.id === id)
    if (!p) throw new KeywardError('PROFILE_NOT_FOUND', 'This profile no longer exists. Pick another one in the sidebar.')
    return p
  }

  const clientFor = async (profile: StoredProfile): Promise<TokenApiClient> => {
    const credential = await vault.get(vaultAccount.credential(profile.id))
    if (!credential) {
      throw new KeywardError('SECRET_NOT_STORED', `The credential of "${profile.name}" is not in the keychain. Paste it again in the profile settings.`)
    }
    return new TokenApiClient(profile.baseUrl, credential, clientOptions)
  }

  /**
   * Token ids with a stored secret, per profile. When the keychain cannot be read (locked) the map
   * is empty and `problem` says so: "nothing stored" would be a lie the user acts on.
   */
  const storedIds = async (): Promise<StoredIndex> => {
    const map = new Map<string, Set<string>>()
    let accounts: Iterable<string>
    try {
      accounts = await vault.knownAccounts()
    } catch (error) {
      return { ids: map, problem: keychainProblem(error) }
    }
    for (const account of accounts) {
      const slash = account.indexOf('/')
      if (slash < 0) continue
      const profileId = account.slice(0, slash)
      let set = map.get(profileId)
      if (!set) map.set(profileId, (set = new Set()))
      set.add(account.slice(slash + 1))
    }
    return { ids: map, problem: null }
  }

  const config = () => healthConfig(store.settings.reminders)

  const view = (key: ApiKey, stored: boolean): TokenView => ({ ...key, health: classify(key, now().getTime(), config(), stored) })

  /** Keeps the offline cache in step with a single-key change. */
  const cacheUpsert = (profileId: string, key: ApiKey) => {
    const current = cache.get(profileId)
    if (!current) return
    const idx = current.tokens.findIndex((k) => k.id === key.id)
    const tokens = idx >= 0 ? current.tokens.map((k, i) => (i === idx ? key : k)) : [key, ...current.tokens]
    cache.set(profileId, { fetchedAt: current.fetchedAt, tokens })
  }

  const withApi = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (error) {
      throw toKeywardError(error)
    }
  }

  const toProfileView = (p: StoredProfile, stored: StoredIndex): ProfileView => {
    const cached = cache.get(p.id)
    const attention = cached ? attentionCount(cached.tokens, now().getTime(), config()) : null
    return {
      id: p.id,
      name: p.name,
      environment: p.environment,
      provider: p.provider,
      baseUrl: p.baseUrl,
      createdAt: p.createdAt,
      organization: p.organization,
      sandbox: p.sandbox,
      attention,
      warnings: profileWarnings(p.environment, p.organization, p.credentialPrefix),
      credentialStored: stored.problem ? null : (stored.ids.get(p.id)?.has('credential') ?? false),
      keychainProblem: stored.problem,
      credentialKeyId: p.credentialKeyId ?? null,
    }
  }

  /** Verifies a credential with GET /v1/me; a 401 here is about the pasted key, not a saved profile. */
  const verifyCredential = async (baseUrl: string, credential: string) => {
    try {
      return await new TokenApiClient(baseUrl, credential, clientOptions).me()
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'InvalidApiKey') {
        throw new KeywardError('INVALID_API_KEY', 'The Token API refused this credential: it is invalid, expired or revoked. Paste a working key.')
      }
      throw toKeywardError(error)
    }
  }

  const cleanCredential = (input: string): string => {
    const check = checkSecret(input)
    if (!check.ok) throw new KeywardError('INVALID_REQUEST', check.message, { details: [{ field: 'credential', message: check.message }] })
    return check.secret
  }

  /**
   * A saved credential is only ever sent to the server it was saved for: an unsaved, possibly
   * mistyped base URL on another origin would otherwise receive the live key.
   */
  const assertSameServer = (profile: StoredProfile, baseUrl: string) => {
    if (new URL(baseUrl).origin !== new URL(profile.baseUrl).origin) {
      const message = 'Paste the key again to use it with a different server.'
      throw new KeywardError('INVALID_REQUEST', message, { details: [{ field: 'credential', message }] })
    }
  }

  const deleteProfileData = async (profileId: string) => {
    try {
      const prefix = `${profileId}/`
      // The tracked list, copied because delete changes it: listing the keychain fetches every secret.
      for (const account of [...(await vault.knownAccounts())]) if (account.startsWith(prefix)) await vault.delete(account)
    } catch (error) {
      log(`profiles: could not delete keychain entries (${error instanceof KeywardError ? error.code : 'error'})`)
    }
    cache.delete(profileId)
    store.update((s) => ({
      ...s,
      profiles: s.profiles.filter((p) => p.id !== profileId),
      reminders: (() => {
        const pruned = pruneFired(s.reminders, profileId, new Set())
        const snoozed = Object.fromEntries(Object.entries(pruned.snoozed).filter(([k]) => !k.startsWith(`${profileId}/`)))
        return { fired: [...pruned.fired], snoozed }
      })(),
    }))
  }

  const requireConfirmation = (profile: StoredProfile, tokenName: string, confirmName: string | undefined, action: string) => {
    if (profile.environment === 'prod' && confirmName !== tokenName) {
      throw new KeywardError('CONFIRMATION_REQUIRED', `To ${action} a token of a prod profile, type its name ("${tokenName}") to confirm.`)
    }
  }

  // --- sandbox ----------------------------------------------------------------------------------

  const updateSandboxUrl = (url: string) => {
    store.update((s) => ({
      ...s,
      sandbox: { port: portOf(url) },
      profiles: s.profiles.map((p) => (p.sandbox && p.baseUrl !== url ? { ...p, baseUrl: url } : p)),
    }))
  }

  /** Starts the sandbox; on first run (no profiles), or when forced, creates its three profiles. */
  const ensureSandbox = async (force = false) => {
    const hasSandboxProfiles = store.profiles.some((p) => p.sandbox)
    const firstRun = store.profiles.length === 0
    if (!hasSandboxProfiles && !firstRun && !force) return
    if (!hasSandboxProfiles && store.state.sandbox.keptAfterSettingsProblem) {
      // Not a first run: the profiles holding the sandbox's admin keys are in the settings backup,
      // and recreating the sandbox would delete its data for good. The user decides.
      throw new KeywardError(
        'SETTINGS_CORRUPT',
        'Keyward did not recreate the built-in sandbox because the settings file could not be read and its backup may still need the sandbox data: restore the backup, or remove the sandbox in Settings to start it afresh.',
      )
    }
    if (!hasSandboxProfiles) {
      // The admin keys are shown once, on the first start: without a keychain to keep them the
      // sandbox would be unusable afterwards, so do not start it at all.
      await vault.assertWritable()
      // No profile holds its admin keys any more, so old sandbox data is unusable: start it fresh.
      await rm(sandboxDir, { recursive: true, force: true })
    }
    sandbox = await startSandbox(starter, sandboxDir, store.state.sandbox.port, (line) => log(`sandbox: ${line}`))
    updateSandboxUrl(sandbox.url)
    log(`sandbox: running at ${sandbox.url}`)
    if (hasSandboxProfiles) return
    const created: StoredProfile[] = []
    for (const org of sandbox.organizations) {
      if (!org.admin_key) continue
      const profile: StoredProfile = {
        id: newProfileId(),
        name: SANDBOX_NAMES[org.environment],
        environment: org.environment,
        provider: 'token-api-v1',
        baseUrl: sandbox.url,
        createdAt: now().toISOString(),
        organization: { id: org.id, name: org.name, environment: org.environment, status: org.status },
        sandbox: true,
        credentialPrefix: org.admin_key.startsWith('sk_live_') ? 'sk_live_' : 'sk_test_',
      }
      await vault.set(vaultAccount.credential(profile.id), org.admin_key)
      const me = await new TokenApiClient(sandbox.url, org.admin_key, clientOptions).me().catch(() => null)
      created.push(me ? { ...profile, credentialKeyId: me.key.id } : profile)
    }
    created.sort((a, b) => ENVIRONMENTS.indexOf(a.environment) - ENVIRONMENTS.indexOf(b.environment))
    store.update((s) => ({ ...s, profiles: [...s.profiles, ...created] }))
    log(`sandbox: created ${created.length} sandbox profiles`)
  }

  const stopSandbox = async () => {
    const s = sandbox
    sandbox = null
    if (s) await s.close()
  }

  if (options.builtInSandbox !== false && store.settings.sandboxEnabled) {
    try {
      await ensureSandbox()
    } catch (error) {
      await stopSandbox().catch(() => {})
      if (error instanceof KeywardError && error.code === 'SETTINGS_CORRUPT') sandboxHeldBack = error.message
      else sandboxProblem = sandboxFailure(error)
      log(`sandbox: could not start (${error instanceof KeywardError ? error.code : error instanceof Error ? error.name : 'error'})`)
    }
  }

  // Crash recovery runs after the sandbox is up (its rotations need it); app:info waits for it.
  const recovery = recoverRotations(rotationDeps, store.profiles).catch((error: unknown) => {
    log(`rotation: recovery failed (${error instanceof Error ? error.name : 'error'})`)
  })

  // --- tokens -----------------------------------------------------------------------------------

  const listTokens = async (profileId: string): Promise<TokenList> => {
    const profile = findProfile(profileId)
    let keys: ApiKey[]
    try {
      const client = await clientFor(profile)
      keys = await client.listKeys('all')
    } catch (error) {
      const cached = cache.get(profileId)
      const offline = isUnreachable(error) || (error instanceof KeywardError && error.code === 'KEYCHAIN_UNAVAILABLE')
      if (!cached || !offline) throw toKeywardError(error)
      const index = await storedIds()
      const tokens = withHealth(cached.tokens, now().getTime(), config(), index.ids.get(profileId) ?? new Set<string>())
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
    const fetchedAt = now().toISOString()
    cache.set(profileId, { fetchedAt, tokens: keys })
    // Forget reminders of tokens that are gone, so the fired set does not grow forever.
    if (store.reminderState.fired.length > 0) {
      const pruned = pruneFired(store.reminderState, profileId, new Set(keys.map((k) => k.id)))
      if (pruned !== store.reminderState) store.update((s) => ({ ...s, reminders: { fired: [...pruned.fired], snoozed: { ...pruned.snoozed } } }))
    }
    const index = await storedIds()
    const tokens = withHealth(keys, now().getTime(), config(), index.ids.get(profileId) ?? new Set<string>())
    return { profileId, tokens, attention: countAttention(tokens), stale: false, fetchedAt, staleReason: null, keychainProblem: index.problem }
  }

  const findToken = async (client: TokenApiClient, tokenId: string): Promise<ApiKey> => withApi(() => client.getKey(tokenId))

  // --- reminders --------------------------------------------------------------------------------

  const checkReminders = async () => {
    const profiles = []
    let stored: StoredIndex | null = null
    for (const p of store.profiles) {
      let tokens: readonly TokenView[] | null = null
      try {
        tokens = (await listTokens(p.id)).tokens
      } catch {
        // Reminders still work from the cached list when the API or keychain is unavailable.
        const cached = cache.get(p.id)
        if (cached) {
          stored ??= await storedIds()
          tokens = withHealth(cached.tokens, now().getTime(), config(), stored.ids.get(p.id) ?? new Set())
        }
      }
      if (tokens) profiles.push({ profileId: p.id, profileName: p.name, tokens })
    }
    const plan = planReminders(profiles, store.settings.reminders, store.reminderState, now().getTime())
    if (plan.notifications.length > 0) {
      store.update((s) => ({ ...s, reminders: { fired: [...plan.state.fired], snoozed: { ...plan.state.snoozed } } }))
      for (const n of plan.notifications) options.notifier.show(n)
      log(`reminders: showed ${plan.notifications.length} notification(s) for ${plan.dueCount} reminder(s)`)
    }
    return plan.notifications
  }

  // --- settings ---------------------------------------------------------------------------------

  const applySettings = (patch: SettingsPatch): Settings => {
    const current = store.settings
    const r = patch.reminders ?? {}
    const next: Settings = {
      ...current,
      ...(patch.clipboardClearSeconds !== undefined ? { clipboardClearSeconds: patch.clipboardClearSeconds } : {}),
      ...(patch.closeToTray !== undefined ? { closeToTray: patch.closeToTray } : {}),
      ...(patch.launchAtLogin !== undefined ? { launchAtLogin: patch.launchAtLogin } : {}),
      ...(patch.sandboxEnabled !== undefined ? { sandboxEnabled: patch.sandboxEnabled } : {}),
      reminders: {
        ...current.reminders,
        ...(r.leadTimesDays ? { leadTimesDays: [...new Set(r.leadTimesDays)].sort((a, b) => b - a) } : {}),
        ...(r.rotationAgeDays !== undefined ? { rotationAgeDays: r.rotationAgeDays } : {}),
        ...(r.staleDays !== undefined ? { staleDays: r.staleDays } : {}),
        ...(r.neverUsedGraceDays !== undefined ? { neverUsedGraceDays: r.neverUsedGraceDays } : {}),
        rules: { ...current.reminders.rules, ...r.rules },
      },
    }
    store.update((s) => ({ ...s, settings: next as typeof s.settings }))
    return next
  }

  // --- the handler table ------------------------------------------------------------------------

  const handlers: HandlerTable = {
    'app:info': async () => {
      await recovery
      let keychain: { available: boolean; message: string | null } = { available: true, message: null }
      try {
        await vault.assertWritable()
      } catch (error) {
        keychain = { available: false, message: errorMessage(error) }
      }
      const problems = [store.problem, sandboxHeldBack].filter((p): p is string => p !== null)
      return {
        version: options.appVersion,
        mode: options.mode,
        keychain,
        sandbox: { running: sandbox !== null, url: sandbox?.url ?? null },
        settingsProblem: problems.length ? problems.join(' ') : null,
        sandboxProblem,
        interruptedRotations: interruptedRotations(store),
      }
    },

    'profiles:list': async () => {
      const stored = await storedIds()
      return store.profiles.map((p) => toProfileView(p, stored))
    },

    'profiles:add': async (req) => {
      const baseUrl = normalizeBaseUrl(req.baseUrl)
      const credential = cleanCredential(req.credential)
      const me = await verifyCredential(baseUrl, credential)
      const profile: StoredProfile = {
        id: newProfileId(),
        name: req.name,
        environment: req.environment,
        provider: 'token-api-v1',
        baseUrl,
        createdAt: now().toISOString(),
        organization: me.organization,
        sandbox: false,
        credentialPrefix: me.key.prefix,
        credentialKeyId: me.key.id,
      }
      await vault.set(vaultAccount.credential(profile.id), credential)
      store.update((s) => ({ ...s, profiles: [...s.profiles, profile] }))
      log(`profiles: added ${profile.id} (${profile.environment})`)
      return toProfileView(profile, await storedIds())
    },

    'profiles:update': async (req) => {
      const current = findProfile(req.id)
      const baseUrl = req.baseUrl !== undefined ? normalizeBaseUrl(req.baseUrl) : current.baseUrl
      const credential = req.credential !== undefined ? cleanCredential(req.credential) : null
      let next: StoredProfile = { ...current, name: req.name ?? current.name, environment: req.environment ?? current.environment, baseUrl }
      if (credential !== null || baseUrl !== current.baseUrl) {
        if (credential === null) assertSameServer(current, baseUrl)
        const toCheck = credential ?? (await vault.get(vaultAccount.credential(current.id)))
        if (!toCheck) throw new KeywardError('SECRET_NOT_STORED', `The credential of "${current.name}" is not in the keychain. Paste it again.`)
        const me = await verifyCredential(baseUrl, toCheck)
        next = { ...next, organization: me.organization, credentialPrefix: me.key.prefix, credentialKeyId: me.key.id }
        if (credential !== null) await vault.set(vaultAccount.credential(current.id), credential)
      }
      store.update((s) => ({ ...s, profiles: s.profiles.map((p) => (p.id === next.id ? next : p)) }))
      return toProfileView(next, await storedIds())
    },

    'profiles:remove': async (req) => {
      findProfile(req.id)
      await deleteProfileData(req.id)
      log(`profiles: removed ${req.id}`)
      return null
    },

    'profiles:test': async (req) => {
      const baseUrl = normalizeBaseUrl(req.baseUrl)
      let credential: string
      if (req.credential !== undefined) credential = cleanCredential(req.credential)
      else if (req.profileId !== undefined) {
        const profile = findProfile(req.profileId)
        assertSameServer(profile, baseUrl)
        const stored = await vault.get(vaultAccount.credential(profile.id))
        if (!stored) throw new KeywardError('SECRET_NOT_STORED', 'This profile has no credential in the keychain. Paste one to test.')
        credential = stored
      } else throw new KeywardError('INVALID_REQUEST', 'Paste a credential to test.', { details: [{ field: 'credential', message: 'required' }] })
      const me = await verifyCredential(baseUrl, credential)
      return {
        organization: me.organization,
        keyName: me.key.name,
        scopes: me.key.scopes,
        warnings: profileWarnings(req.environment, me.organization, me.key.prefix),
      }
    },

    'tokens:list': async (req) => listTokens(req.profileId),

    'tokens:scopes': async (req) => {
      const client = await clientFor(findProfile(req.profileId))
      return withApi(() => client.scopes())
    },

    'tokens:create': async (req) => {
      const profile = findProfile(req.profileId)
      const client = await clientFor(profile)
      try {
        await vault.assertWritable()
      } catch (error) {
        throw new KeywardError('KEYCHAIN_UNAVAILABLE', `Keyward did not create the token: its secret is shown only once and could not be stored. ${errorMessage(error)}`)
      }
      const created = await withApi(() => client.createKey({ name: req.name, scopes: req.scopes, expiresAt: req.expiresAt }))
      let storeError: string | null = null
      try {
        await vault.set(vaultAccount.token(profile.id, created.key.id), created.secret)
      } catch (error) {
        storeError = `The secret is NOT stored in the keychain — copy it now, it will not be shown again. (${errorMessage(error)})`
      }
      cacheUpsert(profile.id, created.key)
      log(`tokens: created ${created.key.id} in ${profile.id}${storeError ? ' (not stored)' : ''}`)
      return { token: view(created.key, storeError === null), secret: created.secret, stored: storeError === null, storeError }
    },

    'tokens:rotate': async (req) => {
      const profile = findProfile(req.profileId)
      const client = await clientFor(profile)
      const old = await findToken(client, req.tokenId)
      requireConfirmation(profile, old.name, req.confirmName, 'rotate')
      const me = await withApi(() => client.me())
      const isCredential = me.key.id === old.id
      const outcome = await withApi(() => rotate(rotationDeps, client, profile, old, req.gracePeriodSeconds, isCredential))
      // Record which key the credential now is (also heals profiles saved before this was kept).
      const credentialKeyId = outcome.credentialMoved ? outcome.newKey.id : me.key.id
      if (findProfile(profile.id).credentialKeyId !== credentialKeyId) {
        store.update((s) => ({ ...s, profiles: s.profiles.map((p) => (p.id === profile.id ? { ...p, credentialKeyId } : p)) }))
      }
      cacheUpsert(profile.id, outcome.oldKey)
      cacheUpsert(profile.id, outcome.newKey)
      const stored = (await storedIds()).ids.get(profile.id) ?? new Set<string>()
      return {
        token: view(outcome.newKey, outcome.stored),
        secret: outcome.secret,
        stored: outcome.stored,
        storeError: outcome.storeError,
        oldToken: view(outcome.oldKey, stored.has(outcome.oldKey.id)),
        warning: outcome.warning,
      }
    },

    'tokens:revoke': async (req) => {
      const profile = findProfile(req.profileId)
      const client = await clientFor(profile)
      const token = await findToken(client, req.tokenId)
      requireConfirmation(profile, token.name, req.confirmName, 'revoke')
      await withApi(() => client.revokeKey(token.id))
      // Revoking the profile's own credential locks the client out, so the result is not re-fetched.
      const revoked: ApiKey = { ...token, status: 'revoked', revokedAt: token.revokedAt ?? now().toISOString() }
      // A revoked secret is useless; keeping it would only widen exposure.
      await vault.delete(vaultAccount.token(profile.id, token.id)).catch(() => false)
      cacheUpsert(profile.id, revoked)
      log(`tokens: revoked ${token.id} in ${profile.id}`)
      return view(revoked, false)
    },

    'tokens:copy': async (req) => {
      findProfile(req.profileId)
      const secret = await vault.get(vaultAccount.token(req.profileId, req.tokenId))
      if (!secret) {
        throw new KeywardError('SECRET_NOT_STORED', 'The secret of this token is not in the keychain. Import it from the token details if you have it, or rotate the token.')
      }
      const copied = await guard.copy(secret, store.settings.clipboardClearSeconds)
      const profile = findProfile(req.profileId)
      const token = cache.get(profile.id)?.tokens.find((k) => k.id === req.tokenId)
      if (token) {
        const entry: QuickResult = { profileId: profile.id, profileName: profile.name, environment: profile.environment, tokenId: token.id, name: token.name, hint: token.hint, status: token.status, stored: true }
        recent = [entry, ...recent.filter((r) => r.profileId !== entry.profileId || r.tokenId !== entry.tokenId)].slice(0, RECENT_COPIES)
      }
      return copied
    },

    'tokens:import': async (req) => {
      const profile = findProfile(req.profileId)
      const check = checkSecret(req.secret)
      if (!check.ok) throw new KeywardError('INVALID_REQUEST', check.message, { details: [{ field: 'secret', message: check.message }] })
      let me
      try {
        me = await new TokenApiClient(profile.baseUrl, check.secret, clientOptions).me()
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'InvalidApiKey') {
          throw new KeywardError('INVALID_API_KEY', 'The Token API does not accept this key: it is unknown, revoked or expired.')
        }
        throw toKeywardError(error)
      }
      if (profile.organization && me.organization.id !== profile.organization.id) {
        throw new KeywardError('INVALID_REQUEST', `This key belongs to the organization "${me.organization.name}", not to the one of "${profile.name}". Import it in that organization's profile.`)
      }
      await vault.set(vaultAccount.token(profile.id, me.key.id), check.secret)
      cacheUpsert(profile.id, me.key)
      log(`tokens: imported ${me.key.id} into ${profile.id}`)
      return view(me.key, true)
    },

    'tokens:search': async (req) => {
      const q = req.query.trim().toLowerCase()
      const stored = await storedIds()
      const out: QuickResult[] = []
      for (const p of store.profiles) {
        const list = cache.get(p.id)
        if (!list) continue
        const ids = stored.ids.get(p.id)
        for (const k of list.tokens) {
          if (q && !k.name.toLowerCase().includes(q) && !k.id.toLowerCase().includes(q) && !k.hint.toLowerCase().includes(q) && !p.name.toLowerCase().includes(q)) continue
          out.push({ profileId: p.id, profileName: p.name, environment: p.environment, tokenId: k.id, name: k.name, hint: k.hint, status: k.status, stored: ids?.has(k.id) ?? false })
          if (out.length >= 50) return out
        }
      }
      return out
    },

    'secret:copy': async (req) => guard.copy(req.secret, store.settings.clipboardClearSeconds),

    'reminders:check': async () => checkReminders(),

    'reminders:snooze': async (req) => {
      findProfile(req.profileId)
      const result = snooze(store.reminderState, req.profileId, req.tokenId, req.days, now().getTime())
      store.update((s) => ({ ...s, reminders: { fired: [...result.state.fired], snoozed: { ...result.state.snoozed } } }))
      return { until: result.until }
    },

    'settings:get': async () => store.settings,

    'settings:update': async (req) => {
      const before = store.settings.sandboxEnabled
      const next = applySettings(req)
      // Turned off: stop serving it now; its profiles stay (offline) until the sandbox is removed.
      if (before && !next.sandboxEnabled) await stopSandbox()
      if (!before && next.sandboxEnabled && options.builtInSandbox !== false && sandbox === null) {
        try {
          // Turning the sandbox back on recreates its profiles even when other profiles exist.
          await ensureSandbox(true)
          sandboxProblem = null
        } catch (error) {
          sandboxProblem = sandboxFailure(error)
        }
      }
      return next
    },

    'rotation:dismiss': async (req) => {
      store.update((s) => ({ ...s, journal: s.journal.filter((e) => e.id !== req.id) }))
      return interruptedRotations(store)
    },

    'sandbox:remove': async () => {
      await stopSandbox()
      for (const p of store.profiles.filter((x) => x.sandbox)) await deleteProfileData(p.id)
      await rm(sandboxDir, { recursive: true, force: true })
      store.update((s) => ({ ...s, sandbox: { port: null }, settings: { ...s.settings, sandboxEnabled: false } }))
      sandboxHeldBack = null
      sandboxProblem = null
      log('sandbox: removed')
      return null
    },
  }

  return {
    handlers,
    attentionTotal: async () => (await handlers['profiles:list'](undefined)).reduce((sum, p) => sum + (p.attention ?? 0), 0),
    recentCopies: () => recent,
    checkReminders: async () => {
      try {
        await checkReminders()
      } catch (error) {
        log(`reminders: check failed (${error instanceof KeywardError ? error.code : error instanceof Error ? error.name : 'error'})`)
      }
    },
    shutdown: async () => {
      await guard.clearIfHolding()
      cache.flush()
      await recovery
      await stopSandbox().catch(() => {})
    },
  }
}
