/** Settings: read them, and apply a patch (which may start or stop the built-in sandbox). */
import type { SettingsPatch } from '../../shared/ipc-contract'
import type { Settings } from '../../shared/models'
import type { CoreContext } from './context'
import type { SandboxService } from './sandbox'

/** The fields a patch names; absent and undefined ones keep their current value. */
function given<T extends object>(part: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(part ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>
}

/**
 * The settings after a patch. Generic over the fields, so a new setting needs no change here;
 * the only rule is that lead times are kept unique and longest first.
 */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const { reminders, ...top } = patch
  const { rules, leadTimesDays, ...reminderFields } = reminders ?? {}
  return {
    ...current,
    ...given(top),
    reminders: {
      ...current.reminders,
      ...given(reminderFields),
      ...(leadTimesDays ? { leadTimesDays: [...new Set(leadTimesDays)].sort((a, b) => b - a) } : {}),
      rules: { ...current.reminders.rules, ...given(rules) },
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
    this.ctx.state.update((s) => ({ ...s, settings: next }))
    await this.sandbox.follow(before.sandboxEnabled, next.sandboxEnabled)
    return next
  }
}
