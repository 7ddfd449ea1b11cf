import type { IpcError } from '@shared/errors'
import type { IpcRequest, IpcResponse } from '@shared/ipc-contract'
import type { Environment, ProfileView } from '@shared/models'
import { call, toIpcError } from '../../lib/call'
import type { SliceCreator, StoreState } from '../index'
import { listAttention } from '../token-list'
import { selectSettingsDirty, SETTINGS_LEFT } from './settings'

/** The profiles in the sidebar and which one is selected. */
export interface ProfilesSlice {
  readonly profiles: readonly ProfileView[]
  readonly profilesLoaded: boolean
  readonly profilesError: IpcError | null
  readonly selectedProfileId: string | null
  loadProfiles(): Promise<void>
  selectProfile(id: string): void
  // The actions below throw CallError; the form that started them shows the message (useAction).
  addProfile(req: IpcRequest<'profiles:add'>): Promise<ProfileView>
  /** Saves a profile and refetches its tokens (the URL or credential may have changed). */
  updateProfile(req: IpcRequest<'profiles:update'>): Promise<ProfileView>
  /** Removes a profile and drops its cached tokens. */
  removeProfile(id: string): Promise<void>
  /** Checks a base URL and credential with the API without saving anything. */
  testProfile(req: IpcRequest<'profiles:test'>): Promise<IpcResponse<'profiles:test'>>
  /** Loads, one at a time, the lists of profiles never fetched, so every sidebar entry has its count. */
  primeAttention(): Promise<void>
}

export const createProfilesSlice: SliceCreator<ProfilesSlice> = (set, get) => ({
  profiles: [],
  profilesLoaded: false,
  profilesError: null,
  selectedProfileId: null,
  loadProfiles: async () => {
    try {
      const profiles = await call('profiles:list')
      const current = get().selectedProfileId
      const selectedProfileId = current && profiles.some((p) => p.id === current) ? current : (firstProfile(profiles)?.id ?? null)
      set({ profiles, profilesLoaded: true, profilesError: null, selectedProfileId })
    } catch (e) {
      set({ profilesLoaded: true, profilesError: toIpcError(e) })
    }
  },
  selectProfile: (id) => set({ selectedProfileId: id }),
  addProfile: async (req) => {
    const profile = await call('profiles:add', req)
    set((s) => {
      const added = { profiles: [...s.profiles, profile], selectedProfileId: profile.id, selectedTokenId: null }
      // The new profile is shown, also when it was added from Settings, unless that would drop
      // unsaved settings: then Settings stays, and the sidebar's new entry asks before leaving.
      if (s.view !== 'settings') return { ...added, view: 'tokens' as const }
      return selectSettingsDirty(s) ? added : { ...added, ...SETTINGS_LEFT, view: 'tokens' as const }
    })
    return profile
  },
  updateProfile: async (req) => {
    const profile = await call('profiles:update', req)
    set((s) => ({ profiles: s.profiles.map((p) => (p.id === profile.id ? profile : p)) }))
    void get().loadTokens(profile.id, true)
    return profile
  },
  removeProfile: async (id) => {
    await call('profiles:remove', { id })
    set((s) => {
      const profiles = s.profiles.filter((p) => p.id !== id)
      return { profiles, selectedProfileId: s.selectedProfileId === id ? (firstProfile(profiles)?.id ?? null) : s.selectedProfileId }
    })
    get().forgetTokens(id)
  },
  testProfile: (req) => call('profiles:test', req),
  primeAttention: async () => {
    const { profiles, selectedProfileId } = get()
    // The selected profile's list is loaded by the token view. The others go through loadTokens
    // too, so the list fetched for a count is already there when that profile is selected.
    for (const p of profiles.filter((x) => x.attention === null && x.id !== selectedProfileId)) {
      // A profile that cannot be listed shows that error when selected; its count stays unknown.
      await get().loadTokens(p.id)
    }
  },
})

/**
 * Environment order in the sidebar: the safest first, prod last and set apart. A record, so a new
 * environment cannot be left out; not the shared ENVIRONMENTS, whose module now carries the zod
 * schemas and would put zod into the first-paint bundle.
 */
const SIDEBAR_RANK = { dev: 0, staging: 1, prod: 2 } as const satisfies Record<Environment, number>
export const ENVIRONMENT_ORDER: readonly Environment[] = (Object.keys(SIDEBAR_RANK) as Environment[]).sort(
  (a, b) => SIDEBAR_RANK[a] - SIDEBAR_RANK[b],
)

function firstProfile(profiles: readonly ProfileView[]): ProfileView | undefined {
  for (const env of ENVIRONMENT_ORDER) {
    const p = profiles.find((x) => x.environment === env)
    if (p) return p
  }
  return undefined
}

export const selectProfiles = (s: StoreState) => s.profiles
export const selectProfilesError = (s: StoreState) => s.profilesError
export const selectSelectedProfileId = (s: StoreState) => s.selectedProfileId
export const selectSelectedProfile = (s: StoreState) => s.profiles.find((p) => p.id === s.selectedProfileId) ?? null
export const selectProfileById = (id: string | null) => (s: StoreState) => s.profiles.find((p) => p.id === id) ?? null
/**
 * A profile's attention count as core last figured it: from its freshest token list, else from
 * the profile listing (null when never fetched). The renderer never counts on its own.
 */
export const selectAttention = (id: string) => (s: StoreState) => {
  const list = s.byProfile[id]?.list
  return list ? listAttention(list) : (s.profiles.find((p) => p.id === id)?.attention ?? null)
}
