import type { NavigateEvent } from '@shared/ipc-contract'
import type { SliceCreator } from '../index'

/**
 * Where the user goes: every way of moving between profiles, tokens and settings (sidebar,
 * quick switcher, notification clicks, Ctrl/Cmd+K) goes through these actions.
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
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set, get) => ({
  showProfile: (profileId) =>
    set((s) => ({
      selectedProfileId: profileId,
      selectedTokenId: profileId === s.selectedProfileId ? s.selectedTokenId : null,
      view: 'tokens',
    })),
  openToken: (profileId, tokenId) =>
    set({ selectedProfileId: profileId, query: '', filter: 'all', selectedTokenId: tokenId, view: 'tokens' }),
  followNotification: (event) => {
    const { dialog, closeDialog, loadTokens } = get()
    // Never take a shown-once secret away; main has already brought the window forward.
    if (dialog?.kind === 'show-once') return
    // Any other dialog acts on the current selection: close it rather than let it act on another profile.
    if (dialog) closeDialog()
    const target = event.tokenId
      ? ({ filter: 'all', selectedTokenId: event.tokenId } as const)
      : ({ filter: 'attention', selectedTokenId: null } as const)
    set({ ...(event.profileId ? { selectedProfileId: event.profileId } : {}), query: '', view: 'tokens', ...target })
    const profileId = event.profileId ?? get().selectedProfileId
    if (profileId) void loadTokens(profileId)
  },
  openQuickSwitcher: () => {
    if (get().dialog === null) get().openDialog({ kind: 'quick-switcher' })
  },
  showSettings: () => set({ view: 'settings' }),
})
