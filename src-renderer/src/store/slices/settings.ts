import type { IpcError } from '@shared/errors'
import type { SettingsPatch } from '@shared/ipc-contract'
import type { Settings } from '@shared/models'
import { call, toIpcError } from '../../lib/call'
import type { SliceCreator, StoreState } from '../index'

/** The user's settings as core holds them. */
export interface SettingsSlice {
  readonly settings: Settings | null
  readonly settingsError: IpcError | null
  loadSettings(): Promise<void>
  /** Saves a patch; throws CallError so the form can show the problem beside its fields. */
  saveSettings(patch: SettingsPatch): Promise<Settings>
  /** Stops the sandbox and removes its profiles; then reloads what referred to them. Throws CallError. */
  removeSandbox(): Promise<void>
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: null,
  settingsError: null,
  loadSettings: async () => {
    try {
      set({ settings: await call('settings:get'), settingsError: null })
    } catch (e) {
      set({ settingsError: toIpcError(e) })
    }
  },
  saveSettings: async (patch) => {
    const settings = await call('settings:update', patch)
    set({ settings, settingsError: null })
    return settings
  },
  removeSandbox: async () => {
    await call('sandbox:remove')
    set((s) => (s.settings ? { settings: { ...s.settings, sandboxEnabled: false } } : {}))
    get().forgetTokens()
    await Promise.all([get().loadProfiles(), get().loadInfo()])
  },
})

export const selectSettings = (s: StoreState) => s.settings
export const selectSettingsError = (s: StoreState) => s.settingsError
