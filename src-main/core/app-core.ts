/**
 * The composition root: builds core's services for one user-data directory and wires the
 * contract's channels to them. Plain Node; the shells (Electron main, the e2e bridge) bring the
 * vault, clipboard and notifier.
 */
import { join } from 'node:path'
import type { ProviderId } from '../shared/providers'
import type { ClientOptions } from './api-client'
import type { Provider } from './providers/port'
import { AccountTrackingVault } from './account-tracking-vault'
import { ClipboardGuard, realTimers, type Timers } from './clipboard-guard'
import { CoreEventHub, type CoreEvents } from './core-events'
import { createHandlers } from './handlers'
import type { HandlerTable } from './ipc-dispatch'
import type { ClipboardPort, NotifierPort } from './ports'
import type { JsonFileClass } from './persistence/json-file'
import { StateFile } from './persistence/state-file'
import { LocalInventory } from './persistence/local-inventory'
import { TokenCache } from './persistence/token-cache'
import { PROVIDERS } from './providers/registry'
import { recoverRotations, type Faults } from './rotation'
import { RevokeScheduler, type RecoveryTarget } from './provider-rotation'
import { defaultSandboxStarter, type SandboxStarter } from './sandbox-server'
import { AppInfoService } from './services/app-info'
import { errorKind, openSession, providerOf, type CoreContext } from './services/context'
import { ProfilesService } from './services/profiles'
import { RemindersService } from './services/reminders'
import { SandboxService } from './services/sandbox'
import { SettingsService } from './services/settings'
import { TokensService } from './services/tokens'
import type { Vault } from './vault'

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
  /** The providers by id (default PROVIDERS); tests pass ones with another clock. */
  readonly providers?: Readonly<Record<ProviderId, Provider>>
  /** Who owns the JSON files on disk: conf by default, electron-store in the app. */
  readonly jsonFileClass?: JsonFileClass
}

/** Core's services by concern; the shells call these (or dispatch), never the handler table. */
export interface Services {
  readonly app: AppInfoService
  readonly profiles: ProfilesService
  readonly tokens: TokensService
  readonly sandbox: SandboxService
  readonly settings: SettingsService
  readonly reminders: RemindersService
}

export interface AppCore {
  /** The contract's implementation, for dispatch (Electron's ipcMain binding, the e2e bridge). */
  readonly handlers: HandlerTable
  readonly services: Services
  /** What core tells the window by itself (a clipboard clear); the shells forward these. */
  readonly events: CoreEvents
  /** Clears a pending clipboard secret, flushes the token cache, stops the sandbox. */
  shutdown(): Promise<void>
}

/** Builds core for one user-data directory. */
export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const now = options.now ?? (() => new Date())
  const log = options.log
  const state = new StateFile(options.userDataDir, now(), options.jsonFileClass)
  const cache = new TokenCache(options.userDataDir, now(), options.jsonFileClass)
  if (state.problem) {
    log('settings: the settings file was corrupt and has been kept as a backup')
    // Persisted, because the fresh settings file written now would look like a first run next time.
    state.update((s) => ({ ...s, sandbox: { ...s.sandbox, keptAfterSettingsProblem: true } }))
  }
  if (cache.problem) log(`settings: ${cache.problem}`)
  const inventory = new LocalInventory(options.userDataDir, now(), options.jsonFileClass)
  if (inventory.problem) log('settings: the list of tokens Keyward keeps itself was corrupt and has been kept as a backup')
  const vault = new AccountTrackingVault(options.vault)
  const ctx: CoreContext = { state, cache, inventory, vault, now, log, clientOptions: options.client ?? {}, providers: options.providers ?? PROVIDERS }

  const profiles = new ProfilesService(ctx)
  const sandbox = new SandboxService(
    ctx,
    { allowed: options.builtInSandbox !== false, dataDir: join(options.userDataDir, 'sandbox'), starter: options.startSandbox ?? defaultSandboxStarter },
    profiles,
  )
  await sandbox.startWithApp()
  const rotationDeps = { state, vault, now, log, faults: options.faults, clientOptions: ctx.clientOptions }
  // Other providers' rotations: how recovery and the grace Keyward keeps reach the profile's provider.
  const targetFor = (profileId: string): RecoveryTarget | null => {
    const profile = state.profiles.find((p) => p.id === profileId)
    if (!profile) return null
    const provider = providerOf(ctx, profile.provider)
    return { provider, profile: { id: profile.id, name: profile.name, baseUrl: profile.baseUrl, account: profile.account }, connect: (secret) => openSession(ctx, provider, profile.baseUrl, secret) }
  }
  const revokes = new RevokeScheduler(rotationDeps, targetFor)
  // Crash recovery runs after the sandbox is up (its rotations need it); app:info waits for it.
  const recovery = recoverRotations(rotationDeps, state.profiles, { targetFor, scheduler: revokes }).catch((error: unknown) => {
    log(`rotation: recovery failed (${errorKind(error)})`)
  })
  const events = new CoreEventHub(log)
  const guard = new ClipboardGuard(options.clipboard, options.timers ?? realTimers, now, log, (e) => events.emit('clipboard', e))
  const tokens = new TokensService(ctx, guard, rotationDeps, revokes)
  const services: Services = {
    app: new AppInfoService(ctx, sandbox, { appVersion: options.appVersion, mode: options.mode, settingsProblem: state.problem, recovery }),
    profiles,
    tokens,
    sandbox,
    settings: new SettingsService(ctx, sandbox),
    reminders: new RemindersService(ctx, tokens, options.notifier),
  }
  return {
    handlers: createHandlers(services),
    services,
    events,
    shutdown: async () => {
      await guard.clearIfHolding()
      await recovery
      revokes.stop()
      // Last of core's writes: a list answered after this is not written.
      await cache.close()
      await sandbox.stop().catch(() => {})
    },
  }
}
