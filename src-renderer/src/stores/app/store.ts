import { create } from 'zustand'
import type { AppInfo } from '@shared/models'
import type { IpcError } from '@shared/errors'
import { appCalls } from '../../lib/calls'
import { toIpcError } from '../../lib/keyward'

/** Which modal is open; at most one at a time, so Escape and focus stay simple. */
export type DialogState =
  | { readonly kind: 'create' }
  | { readonly kind: 'rotate'; readonly tokenId: string }
  | { readonly kind: 'revoke'; readonly tokenId: string }
  | { readonly kind: 'import' }
  | { readonly kind: 'profile'; readonly profileId: string | null }
  | { readonly kind: 'quick-switcher' }
  | { readonly kind: 'show-once' }

export type MainView = 'tokens' | 'settings'

interface AppState {
  readonly info: AppInfo | null
  readonly infoError: IpcError | null
  readonly view: MainView
  readonly dialog: DialogState | null
  /** Ticks every minute so relative times ("3 minutes ago") stay true while the app stays open. */
  readonly now: number
  loadInfo(): Promise<void>
  dismissRotation(id: string): Promise<void>
  setView(view: MainView): void
  openDialog(dialog: DialogState): void
  closeDialog(): void
  tick(): void
}

export const useAppStore = create<AppState>()((set) => ({
  info: null,
  infoError: null,
  view: 'tokens',
  dialog: null,
  now: Date.now(),
  loadInfo: async () => {
    try {
      set({ info: await appCalls.info(), infoError: null })
    } catch (e) {
      set({ infoError: toIpcError(e) })
    }
  },
  dismissRotation: async (id) => {
    try {
      const remaining = await appCalls.dismissRotation(id)
      set((s) => (s.info ? { info: { ...s.info, interruptedRotations: remaining } } : {}))
    } catch (e) {
      set({ infoError: toIpcError(e) })
    }
  },
  setView: (view) => set({ view }),
  // Dialogs compare times against `now`; refresh it so they never judge by a minute-old clock.
  openDialog: (dialog) => set({ dialog, now: Date.now() }),
  closeDialog: () => set({ dialog: null }),
  tick: () => set({ now: Date.now() }),
}))

export const selectInfo = (s: AppState) => s.info
export const selectView = (s: AppState) => s.view
export const selectDialog = (s: AppState) => s.dialog
export const selectNow = (s: AppState) => s.now
