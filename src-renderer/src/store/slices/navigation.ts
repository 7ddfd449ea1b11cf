import type { NavigateEvent } from '@shared/ipc-contract'
import type { SliceCreator, StoreState } from '../index'
import { selectSettingsDirty, SETTINGS_LEFT } from './settings'

/** Where a navigation was going when unsaved settings stopped it; done once the user chose. */
export type LeaveIntent =
  | { readonly kind: 'profile'; readonly profileId: string }
  | { readonly kind: 'token'; readonly profileId: string; readonly tokenId: string }
  | { readonly kind: 'notification'; readonly event: NavigateEvent }
  /** Escape on the Settings page: back to the tokens of the profile it was opened from. */
  | { readonly kind: 'back' }

/**
 * Where the user goes: every way of moving between profiles, tokens and settings (sidebar,
 * quick switcher, notification clicks, Ctrl/Cmd+K, Escape on Settings) goes through these actions.
 * Leaving Settings with unsaved changes asks first (Save / Discard / Keep editing).
 */
export interface NavigationSlice {
  /** A sidebar click: the profile's tokens; the token selection only survives on the same profile. */
  showProfile(profileId: string): void
  /** A token in its profile, with search and filter cleared so its row is visible. */
  openToken(profileId: string, tokenId: string): void
  /** A notification click: its token, or the attention filter for a digest; the list is refetched. */
  followNotification(event: NavigateEvent): void
  /** Ctrl/Cmd+K; never replaces another dialog (a show-once secret or a half-filled form would be lost). */
  openQuickSwitcher(): void
  showSettings(): void
  /** Escape on the Settings page: back to the tokens; false when it asked first (or could not leave). */
  leaveSettings(): boolean
  /** The answer to "Save changes?": saves (staying when a field is wrong), discards, or keeps editing. */
  resolveLeaveSettings(choice: 'save' | 'discard' | 'keep'): Promise<void>
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set, get) => {
  /** True when the user is asked first: unsaved settings would be lost by going on. */
  const asks = (then: LeaveIntent): boolean => {
    const s = get()
    if (s.view !== 'settings' || !selectSettingsDirty(s)) return false
    s.openDialog({ kind: 'leave-settings', then })
    return true
  }
  /** The state change of leaving Settings (nothing when not on it). */
  const left = (s: StoreState) => (s.view === 'settings' ? SETTINGS_LEFT : {})

  const go = (intent: LeaveIntent): void => {
    switch (intent.kind) {
      case 'profile':
        set((s) => ({
          ...left(s),
          selectedProfileId: intent.profileId,
          selectedTokenId: intent.profileId === s.selectedProfileId ? s.selectedTokenId : null,
          view: 'tokens',
        }))
        return
      case 'token':
        set((s) => ({ ...left(s), selectedProfileId: intent.profileId, query: '', filter: 'all', selectedTokenId: intent.tokenId, view: 'tokens' }))
        return
      case 'notification': {
        const { event } = intent
        const target = event.tokenId
          ? ({ filter: 'all', selectedTokenId: event.tokenId } as const)
          : ({ filter: 'attention', selectedTokenId: null } as const)
        set((s) => ({ ...left(s), ...(event.profileId ? { selectedProfileId: event.profileId } : {}), query: '', view: 'tokens', ...target }))
        const profileId = event.profileId ?? get().selectedProfileId
        if (profileId) void get().loadTokens(profileId)
        return
      }
      case 'back':
        set((s) => ({ ...left(s), view: 'tokens' }))
        return
    }
  }

  return {
    showProfile: (profileId) => {
      const intent = { kind: 'profile', profileId } as const
      if (!asks(intent)) go(intent)
    },
    openToken: (profileId, tokenId) => {
      const intent = { kind: 'token', profileId, tokenId } as const
      if (!asks(intent)) go(intent)
    },
    followNotification: (event) => {
      const { dialog, closeDialog } = get()
      // Never take a shown-once secret away; main has already brought the window forward.
      if (dialog?.kind === 'show-once') return
      // Any other dialog acts on the current selection: close it rather than let it act on another profile.
      if (dialog) closeDialog()
      const intent = { kind: 'notification', event } as const
      if (!asks(intent)) go(intent)
    },
    openQuickSwitcher: () => {
      if (get().dialog === null) get().openDialog({ kind: 'quick-switcher' })
    },
    showSettings: () => set({ view: 'settings' }),
    leaveSettings: () => {
      if (get().view !== 'settings' || get().dialog !== null) return false
      const intent = { kind: 'back' } as const
      if (asks(intent)) return false
      go(intent)
      return true
    },
    resolveLeaveSettings: async (choice) => {
      const dialog = get().dialog
      if (dialog?.kind !== 'leave-settings') return
      if (choice === 'keep') return get().closeDialog()
      // A wrong field keeps the question open, saying what to fix (the fields show it too);
      // a failure of core is thrown to the dialog to show.
      if (choice === 'save' && !(await get().saveSettingsDraft())) return
      get().closeDialog()
      get().discardSettingsDraft()
      go(dialog.then)
    },
  }
}
