import type { IpcError } from '@shared/errors'
import type { AppInfo } from '@shared/models'
import { call, onClipboard, onNavigate, toIpcError } from '../../lib/call'
import type { SliceCreator, StoreState } from '../index'
import type { LeaveIntent } from './navigation'
import { SECRET_CLEARED } from './show-once'

/** Which modal is open; at most one at a time, so Escape and focus stay simple. */
export type DialogState =
  | { readonly kind: 'create' }
  | { readonly kind: 'rotate'; readonly tokenId: string }
  | { readonly kind: 'revoke'; readonly tokenId: string }
  | { readonly kind: 'import' }
  | { readonly kind: 'profile'; readonly profileId: string | null }
  | { readonly kind: 'quick-switcher' }
  | { readonly kind: 'show-once' }
  /** Leaving Settings with unsaved changes: Save / Discard / Keep editing, then where it was going. */
  | { readonly kind: 'leave-settings'; readonly then: LeaveIntent }

export type MainView = 'tokens' | 'settings'

/** The window: app info, which view and which dialog are showing, and the clock relative times use. */
export interface AppSlice {
  readonly info: AppInfo | null
  readonly infoError: IpcError | null
  readonly view: MainView
  readonly dialog: DialogState | null
  /** Ticks every minute so relative times ("3 minutes ago") stay true while the app stays open. */
  readonly now: number
  /** Start-up: app info, profiles and their attention counts, the clock, notification clicks, clipboard clears. Returns the stop. */
  start(): () => void
  loadInfo(): Promise<void>
  dismissRotation(id: string): Promise<void>
  /** Closes the first-launch welcome for good. */
  dismissWelcome(): Promise<void>
  setView(view: MainView): void
  openDialog(dialog: DialogState): void
  closeDialog(): void
  tick(): void
}

export const createAppSlice: SliceCreator<AppSlice> = (set, get) => ({
  info: null,
  infoError: null,
  view: 'tokens',
  dialog: null,
  now: Date.now(),
  start: () => {
    // The selected profile's list first, app:info after it has asked: core's vault runs keychain
    // calls one at a time (overlapping calls crashed keytar on Linux), and app:info's write+delete
    // probe (15–66 ms against a 1 ms read, measured on gnome-keyring) would otherwise hold up the
    // list's credential read, and with it the first rows. The list is asked for here, not after
    // the token view has rendered and run its effect (that request then joins this one).
    void get()
      .loadProfiles()
      .finally(() => {
        const selected = get().selectedProfileId
        if (selected) void get().loadTokens(selected)
        void get().loadInfo()
      })
      .then(() => {
        // What each profile's provider can do decides which actions the token view offers.
        void get().loadProviders()
        return get().primeAttention()
      })
    const clock = setInterval(() => get().tick(), 60_000)
    const stopNavigate = onNavigate((event) => get().followNotification(event))
    const stopClipboard = onClipboard((event) => get().settleCopy(event))
    return () => {
      clearInterval(clock)
      stopNavigate()
      stopClipboard()
    }
  },
  loadInfo: async () => {
    try {
      set({ info: await call('app:info'), infoError: null })
    } catch (e) {
      set({ infoError: toIpcError(e) })
    }
  },
  dismissRotation: async (id) => {
    try {
      const remaining = await call('rotation:dismiss', { id })
      set((s) => (s.info ? { info: { ...s.info, interruptedRotations: remaining } } : {}))
    } catch (e) {
      set({ infoError: toIpcError(e) })
    }
  },
  dismissWelcome: async () => {
    // Gone at once; core remembers it for the next start.
    set((s) => (s.info ? { info: { ...s.info, welcome: null } } : {}))
    try {
      await call('app:dismiss-welcome')
    } catch (e) {
      set({ infoError: toIpcError(e) })
    }
  },
  setView: (view) => set({ view }),
  // Dialogs compare times against `now`; refresh it so they never judge by a minute-old clock.
  openDialog: (dialog) => set((s) => ({ dialog, now: Date.now(), ...leavingShowOnce(s, dialog) })),
  closeDialog: () => set((s) => ({ dialog: null, ...leavingShowOnce(s, null) })),
  tick: () => set({ now: Date.now() }),
})

/** The secret leaves the renderer whenever the show-once view is replaced or closed. */
function leavingShowOnce(s: StoreState, next: DialogState | null): Partial<StoreState> {
  return s.dialog?.kind === 'show-once' && next?.kind !== 'show-once' ? SECRET_CLEARED : {}
}

export const selectInfo = (s: StoreState) => s.info
export const selectInfoError = (s: StoreState) => s.infoError
export const selectView = (s: StoreState) => s.view
export const selectDialog = (s: StoreState) => s.dialog
export const selectNow = (s: StoreState) => s.now
