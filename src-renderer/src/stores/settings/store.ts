import { create } from 'zustand'
import type { IpcRequest } from '@shared/ipc-contract'
import type { Settings } from '@shared/models'
import type { IpcError } from '@shared/errors'
import { settingsCalls } from '../../lib/calls'
import { toIpcError } from '../../lib/keyward'

interface SettingsState {
  readonly settings: Settings | null
  readonly error: IpcError | null
  load(): Promise<void>
  /** Saves a patch; throws so the form can show the problem beside its fields. */
  save(patch: IpcRequest<'settings:update'>): Promise<Settings>
  removeSandbox(): Promise<void>
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  error: null,
  load: async () => {
    try {
      set({ settings: await settingsCalls.get(), error: null })
    } catch (e) {
      set({ error: toIpcError(e) })
    }
  },
  save: async (patch) => {
    const settings = await settingsCalls.update(patch)
    set({ settings, error: null })
    return settings
  },
  removeSandbox: async () => {
    await settingsCalls.removeSandbox()
    set((s) => (s.settings ? { settings: { ...s.settings, sandboxEnabled: false } } : {}))
  },
}))

export const selectSettings = (s: SettingsState) => s.settings
