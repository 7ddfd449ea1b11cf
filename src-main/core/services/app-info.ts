/** The app's status for the banners and About: version, keychain, sandbox, settings problems, interrupted rotations. */
import type { AppInfo, InterruptedRotation, Welcome } from '../../shared/models'
import { interruptedRotations } from '../rotation'
import { errorMessage, type CoreContext } from './context'
import type { SandboxService } from './sandbox'

export interface AppMeta {
  readonly appVersion: string
  readonly mode: 'development' | 'production'
  /** What loading the settings file found (e.g. a corrupt file kept as a backup). */
  readonly settingsProblem: string | null
  /** Crash recovery of rotations, started with the app: the status waits for it. */
  readonly recovery: Promise<void>
}

export class AppInfoService {
  constructor(
    private readonly ctx: CoreContext,
    private readonly sandbox: SandboxService,
    private readonly meta: AppMeta,
  ) {}

  async info(): Promise<AppInfo> {
    await this.meta.recovery
    let keychain: AppInfo['keychain'] = { available: true, message: null }
    try {
      await this.ctx.vault.assertWritable()
    } catch (error) {
      keychain = { available: false, message: errorMessage(error) }
    }
    const settingsProblems = [this.meta.settingsProblem, this.sandbox.heldBack].filter((p): p is string => p !== null)
    return {
      version: this.meta.appVersion,
      mode: this.meta.mode,
      keychain,
      sandbox: this.sandbox.status(),
      settingsProblem: settingsProblems.length ? settingsProblems.join(' ') : null,
      sandboxProblem: this.sandbox.problem,
      interruptedRotations: interruptedRotations(this.ctx.state),
      welcome: this.welcome(),
    }
  }

  /** Shown until dismissed, while the sandbox's profiles exist (they are what it explains). */
  private welcome(): Welcome | null {
    const { sandbox, profiles } = this.ctx.state
    if (sandbox.welcomeDismissed === true || !profiles.some((p) => p.sandbox)) return null
    const sample = sandbox.sample ?? null
    return { sample: sample && profiles.some((p) => p.id === sample.profileId) ? sample : null }
  }

  dismissWelcome(): null {
    this.ctx.state.update((s) => ({ ...s, sandbox: { ...s.sandbox, welcomeDismissed: true } }))
    return null
  }

  /** The user has read about an interrupted rotation: forget it. */
  dismissRotation(id: string): InterruptedRotation[] {
    this.ctx.state.update((s) => ({ ...s, journal: s.journal.filter((e) => e.id !== id) }))
    return interruptedRotations(this.ctx.state)
  }
}
