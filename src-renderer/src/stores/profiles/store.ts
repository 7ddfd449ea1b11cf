import { create } from 'zustand'
import type { IpcRequest, IpcResponse } from '@shared/ipc-contract'
import type { Environment, ProfileView } from '@shared/models'
import type { IpcError } from '@shared/errors'
import { profileCalls } from '../../lib/calls'
import { toIpcError } from '../../lib/keyward'
import { filterCounts } from '../tokens/derive'
import { useTokensStore } from '../tokens/store'

interface ProfilesState {
  readonly profiles: readonly ProfileView[]
  readonly loaded: boolean
  readonly error: IpcError | null
  readonly selectedId: string | null
  load(): Promise<void>
  select(id: string): void
  add(req: IpcRequest<'profiles:add'>): Promise<ProfileView>
  update(req: IpcRequest<'profiles:update'>): Promise<ProfileView>
  remove(id: string): Promise<void>
  /** Checks a base URL and credential with the API without saving anything. */
  test(req: IpcRequest<'profiles:test'>): Promise<IpcResponse<'profiles:test'>>
  /** Updates one profile's attention count from a freshly fetched list, without a round trip. */
  setAttention(id: string, attention: number): void
  /** Loads, one at a time, the lists of profiles never fetched, so every sidebar entry has its count. */
  primeAttention(): Promise<void>
}

export const useProfilesStore = create<ProfilesState>()((set, get) => ({
  profiles: [],
  loaded: false,
  error: null,
  selectedId: null,
  load: async () => {
    try {
      const profiles = await profileCalls.list()
      const current = get().selectedId
      const selectedId = current && profiles.some((p) => p.id === current) ? current : (firstProfile(profiles)?.id ?? null)
      set({ profiles, loaded: true, error: null, selectedId })
    } catch (e) {
      set({ loaded: true, error: toIpcError(e) })
    }
  },
  select: (id) => set({ selectedId: id }),
  add: async (req) => {
    const profile = await profileCalls.add(req)
    set((s) => ({ profiles: [...s.profiles, profile], selectedId: profile.id }))
    return profile
  },
  update: async (req) => {
    const profile = await profileCalls.update(req)
    set((s) => ({ profiles: s.profiles.map((p) => (p.id === profile.id ? profile : p)) }))
    return profile
  },
  remove: async (id) => {
    await profileCalls.remove(id)
    set((s) => {
      const profiles = s.profiles.filter((p) => p.id !== id)
      return { profiles, selectedId: s.selectedId === id ? (firstProfile(profiles)?.id ?? null) : s.selectedId }
    })
  },
  test: (req) => profileCalls.test(req),
  primeAttention: async () => {
    const { profiles, selectedId } = get()
    // The selected profile's list is loaded by the token view. The others go through the tokens
    // store too, so the list fetched for a count is already there when that profile is selected.
    for (const p of profiles.filter((x) => x.attention === null && x.id !== selectedId)) {
      // null: the profile could not be listed; it shows that error when selected, the count stays unknown.
      const list = await useTokensStore.getState().load(p.id)
      if (list) get().setAttention(p.id, filterCounts(list.tokens).attention)
    }
  },
  setAttention: (id, attention) =>
    set((s) => ({ profiles: s.profiles.map((p) => (p.id === id && p.attention !== attention ? { ...p, attention } : p)) })),
}))

/** Environment order in the sidebar: the safest first, prod last and set apart. */
export const ENVIRONMENT_ORDER: readonly Environment[] = ['dev', 'staging', 'prod']

function firstProfile(profiles: readonly ProfileView[]): ProfileView | undefined {
  for (const env of ENVIRONMENT_ORDER) {
    const p = profiles.find((x) => x.environment === env)
    if (p) return p
  }
  return undefined
}

export const selectProfiles = (s: ProfilesState) => s.profiles
export const selectSelectedProfile = (s: ProfilesState) => s.profiles.find((p) => p.id === s.selectedId) ?? null
export const selectProfileById = (id: string | null) => (s: ProfilesState) => s.profiles.find((p) => p.id === id) ?? null
