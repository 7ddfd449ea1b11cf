/** Settings: read them, and apply a patch (which may start or stop the built-in sandbox). */
import type { SettingsPatch } from '../../shared/ipc-contract'
import type { Settings } from '../../shared/models'
import type { CoreContext } from './context'
import type { SandboxService } from './sandbox'

/** The settings after a patch; lead times are kept unique and longest first. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const r = patch.reminders ?? {}
  return {
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
}

export class SettingsService {
  constructor(
    private readonly ctx: CoreContext,
    private readonly sandbox: SandboxService,
  ) {}

  get(): Settings {
    return this.ctx.state.settings
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const before = this.ctx.state.settings
    const next = applySettingsPatch(before, patch)
    this.ctx.state.update((s) => ({ ...s, settings: next as typeof s.settings }))
    await this.sandbox.follow(before.sandboxEnabled, next.sandboxEnabled)
    return next
  }
}
