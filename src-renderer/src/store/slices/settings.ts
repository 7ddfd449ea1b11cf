import type { IpcError } from '@shared/errors'
import type { SettingsPatch } from '@shared/ipc-contract'
import type { Settings } from '@shared/models'
import { call, CallError, toIpcError } from '../../lib/call'
import type * as SettingsDraftModule from '../../lib/settings-draft'
import type { Draft, Problems } from '../../lib/settings-draft'
import type { SliceCreator, StoreState } from '../index'

type SettingsRules = typeof SettingsDraftModule
let rules: SettingsRules | null = null
/**
 * The draft's rules check it with the settings schema (zod): they load with the Settings page, not
 * with the first screen, whose start-up would otherwise fetch, compile and run zod's schemas first.
 * A draft exists only once they are loaded (loadSettings), so the synchronous selector below can
 * rely on them.
 */
const loadRules = async (): Promise<SettingsRules> => (rules ??= await import('../../lib/settings-draft'))

/** The user's settings as core holds them, and the Settings page's unsaved edits of them. */
export interface SettingsSlice {
  readonly settings: Settings | null
  readonly settingsError: IpcError | null
  /** The Settings page's fields as typed; null until settings are loaded and after leaving the page. */
  readonly settingsDraft: Draft | null
  /** Problems show beside their fields once the user tried to save. */
  readonly settingsProblemsShown: boolean
  /** Problems core found in a saved patch, by field (the schema's paths in its answer). */
  readonly settingsRefused: Problems
  /** The last save went through and nothing changed since. */
  readonly settingsSaved: boolean
  loadSettings(): Promise<void>
  /** Saves a patch; throws CallError so the form can show the problem beside its fields. */
  saveSettings(patch: SettingsPatch): Promise<Settings>
  editSettings(change: Partial<Draft>): void
  /**
   * Saves the draft: false when a field is wrong (the problems then show beside the fields), true
   * once saved. Throws CallError for any other failure.
   */
  saveSettingsDraft(): Promise<boolean>
  /** Drops the unsaved edits (leaving the page, or Discard). */
  discardSettingsDraft(): void
  /** Stops the sandbox and removes its profiles; then reloads what referred to them. Throws CallError. */
  removeSandbox(): Promise<void>
}

/** What the slice holds once the Settings page is left: the next visit starts from the saved settings. */
export const SETTINGS_LEFT = { settingsDraft: null, settingsProblemsShown: false, settingsRefused: {}, settingsSaved: false } as const satisfies Partial<SettingsSlice>

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: null,
  settingsError: null,
  ...SETTINGS_LEFT,
  loadSettings: async () => {
    try {
      const [settings, { toDraft }] = await Promise.all([call('settings:get'), loadRules()])
      // Edits in progress stay; a fresh visit starts from what core has.
      set((s) => ({ settings, settingsError: null, settingsDraft: s.settingsDraft ?? toDraft(settings) }))
    } catch (e) {
      set({ settingsError: toIpcError(e) })
    }
  },
  saveSettings: async (patch) => {
    const settings = await call('settings:update', patch)
    set({ settings, settingsError: null })
    return settings
  },
  editSettings: (change) => set((s) => (s.settingsDraft ? { settingsDraft: { ...s.settingsDraft, ...change }, settingsSaved: false, settingsRefused: {} } : {})),
  saveSettingsDraft: async () => {
    const draft = get().settingsDraft
    if (!draft) return true
    const { validate, toDraft, problemsOf } = await loadRules()
    const { patch } = validate(draft)
    if (!patch) {
      set({ settingsProblemsShown: true })
      return false
    }
    try {
      const settings = await get().saveSettings(patch)
      set({ settingsDraft: toDraft(settings), settingsSaved: true, settingsProblemsShown: false, settingsRefused: {} })
      return true
    } catch (e) {
      // Core's own check of the same schema: its problems go beside the fields too.
      if (e instanceof CallError && e.error.details?.length) {
        set({ settingsRefused: problemsOf(e.error.details), settingsProblemsShown: true })
        return false
      }
      throw e
    }
  },
  discardSettingsDraft: () => set(SETTINGS_LEFT),
  removeSandbox: async () => {
    await call('sandbox:remove')
    set((s) => (s.settings ? { settings: { ...s.settings, sandboxEnabled: false } } : {}))
    get().forgetTokens()
    await Promise.all([get().loadProfiles(), get().loadInfo()])
  },
})

export const selectSettings = (s: StoreState) => s.settings
export const selectSettingsError = (s: StoreState) => s.settingsError
export const selectSettingsDraft = (s: StoreState) => s.settingsDraft

/** Unsaved edits on the Settings page that leaving it would lose. */
export function selectSettingsDirty(s: StoreState): boolean {
  return s.settingsDraft !== null && s.settings !== null && rules !== null && rules.isDirty(s.settingsDraft, s.settings)
}
