import type { HandlerTable } from './ipc-dispatch'
import type { ClipboardPort, NotifierPort } from './ports'
import type { Vault } from './vault'
import { KeywardError } from './errors'

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
}

/** Everything the shell (Electron main or the e2e bridge) needs from core. */
export interface AppCore {
  readonly handlers: HandlerTable
  /** Shows the reminders due now; the shell calls it at start, every 30 minutes and on resume. */
  checkReminders(): Promise<void>
  /** Clears a pending clipboard secret, stops the sandbox, flushes state. */
  shutdown(): Promise<void>
}

const notYet = (channel: string) => () => Promise.reject(new KeywardError('INTERNAL', `${channel} is not available yet.`))

/** Builds the core service for one user-data directory. */
export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const handlers: HandlerTable = {
    'app:info': async () => {
      let keychain: { available: boolean; message: string | null } = { available: true, message: null }
      try {
        await options.vault.assertWritable()
      } catch (error) {
        keychain = { available: false, message: error instanceof Error ? error.message : String(error) }
      }
      return {
        version: options.appVersion,
        mode: options.mode,
        keychain,
        sandbox: { running: false, url: null },
        settingsProblem: null,
        interruptedRotations: [],
      }
    },
    'profiles:list': notYet('profiles:list'),
    'profiles:add': notYet('profiles:add'),
    'profiles:update': notYet('profiles:update'),
    'profiles:remove': notYet('profiles:remove'),
    'profiles:test': notYet('profiles:test'),
    'tokens:list': notYet('tokens:list'),
    'tokens:scopes': notYet('tokens:scopes'),
    'tokens:create': notYet('tokens:create'),
    'tokens:rotate': notYet('tokens:rotate'),
    'tokens:revoke': notYet('tokens:revoke'),
    'tokens:copy': notYet('tokens:copy'),
    'tokens:import': notYet('tokens:import'),
    'tokens:search': notYet('tokens:search'),
    'secret:copy': notYet('secret:copy'),
    'reminders:check': notYet('reminders:check'),
    'reminders:snooze': notYet('reminders:snooze'),
    'settings:get': notYet('settings:get'),
    'settings:update': notYet('settings:update'),
    'rotation:dismiss': notYet('rotation:dismiss'),
    'sandbox:remove': notYet('sandbox:remove'),
  }
  return {
    handlers,
    checkReminders: async () => {},
    shutdown: async () => {},
  }
}
