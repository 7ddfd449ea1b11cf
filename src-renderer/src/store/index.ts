/**
 * The renderer's one zustand store, built from slices (zustand's slices pattern). Each slice owns
 * its fields, its actions (which may act on other slices through `get()`), and its selectors.
 */
import { create, type StateCreator } from 'zustand'
import { type AppSlice, createAppSlice } from './slices/app'
import { type ClipboardSlice, createClipboardSlice } from './slices/clipboard'
import { createNavigationSlice, type NavigationSlice } from './slices/navigation'
import { createProfilesSlice, type ProfilesSlice } from './slices/profiles'
import { createProvidersSlice, type ProvidersSlice } from './slices/providers'
import { createQuickSwitcherSlice, type QuickSwitcherSlice } from './slices/quick-switcher'
import { createSettingsSlice, type SettingsSlice } from './slices/settings'
import { createShowOnceSlice, type ShowOnceSlice } from './slices/show-once'
import { createToastSlice, type ToastSlice } from './slices/toast'
import { createTokensSlice, type TokensSlice } from './slices/tokens'

export type StoreState = AppSlice &
  NavigationSlice &
  ProfilesSlice &
  ProvidersSlice &
  TokensSlice &
  ShowOnceSlice &
  QuickSwitcherSlice &
  SettingsSlice &
  ToastSlice &
  ClipboardSlice

/** A slice sees (and may set) the whole store; it returns only its own part. */
export type SliceCreator<Slice> = StateCreator<StoreState, [], [], Slice>

/** A fresh store; the app uses `useStore`, tests may build their own. */
export const createStore = () =>
  create<StoreState>()((...a) => ({
    ...createAppSlice(...a),
    ...createNavigationSlice(...a),
    ...createProfilesSlice(...a),
    ...createProvidersSlice(...a),
    ...createTokensSlice(...a),
    ...createShowOnceSlice(...a),
    ...createQuickSwitcherSlice(...a),
    ...createSettingsSlice(...a),
    ...createToastSlice(...a),
    ...createClipboardSlice(...a),
  }))

export const useStore = createStore()
