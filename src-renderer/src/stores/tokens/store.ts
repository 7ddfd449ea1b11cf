import { create } from 'zustand'
import type { IpcError } from '@shared/errors'
import type { IpcRequest } from '@shared/ipc-contract'
import type { RotateResult, Scope, ShowOnce, TokenList, TokenView } from '@shared/models'
import { tokenCalls } from '../../lib/calls'
import { toIpcError } from '../../lib/keyward'

export type TokenFilter = 'all' | 'active' | 'attention' | 'expired' | 'revoked'
export type SortKey = 'name' | 'scopes' | 'createdAt' | 'lastUsed' | 'expiresAt' | 'status'
export type SortDirection = 'ascending' | 'descending'
export interface Sort {
  readonly key: SortKey
  readonly direction: SortDirection
}

export interface ProfileTokens {
  readonly list: TokenList | null
  readonly loading: boolean
  readonly error: IpcError | null
}

const EMPTY: ProfileTokens = { list: null, loading: false, error: null }

interface TokensState {
  readonly byProfile: Readonly<Record<string, ProfileTokens>>
  readonly selectedTokenId: string | null
  readonly query: string
  readonly filter: TokenFilter
  readonly sort: Sort
  load(profileId: string, refresh?: boolean): Promise<TokenList | null>
  /** Puts a changed token (revoked, rotated, imported) into the cached list by copy. */
  upsert(profileId: string, token: TokenView): void
  select(tokenId: string | null): void
  setQuery(query: string): void
  setFilter(filter: TokenFilter): void
  /** Clicking the sorted column flips its direction; another column starts ascending. */
  sortBy(key: SortKey): void
  /** Drops every cached list (e.g. after the sandbox was removed). */
  forget(profileId?: string): void
  // Actions below throw ApiCallError; the dialog that started them shows the message.
  scopes(profileId: string): Promise<readonly Scope[]>
  create(req: IpcRequest<'tokens:create'>): Promise<ShowOnce>
  rotate(req: IpcRequest<'tokens:rotate'>): Promise<RotateResult>
  revoke(req: IpcRequest<'tokens:revoke'>): Promise<TokenView>
  importSecret(profileId: string, secret: string): Promise<TokenView>
  /** Copies a stored secret in main; returns when the clipboard will be cleared. */
  copy(profileId: string, tokenId: string): Promise<{ readonly clearsAt: string | null }>
  snooze(profileId: string, tokenId: string, days: 1 | 7): Promise<{ readonly until: string }>
}

/** The list request in flight per profile; `load` joins it or, on refresh, replaces it. */
const inFlight = new Map<string, Promise<TokenList | null>>()

export const useTokensStore = create<TokensState>()((set, get) => ({
  byProfile: {},
  selectedTokenId: null,
  query: '',
  filter: 'all',
  sort: { key: 'expiresAt', direction: 'ascending' },
  load: (profileId, refresh = false) => {
    const running = inFlight.get(profileId)
    // A notification click and the token view can both ask for the same list: one fetch serves both.
    if (running && !refresh) return running
    set((s) => ({ byProfile: { ...s.byProfile, [profileId]: { ...(s.byProfile[profileId] ?? EMPTY), loading: true } } }))
    // Only the latest request for a profile writes the store; an older reply hands over to the newer one.
    const superseded = () => (inFlight.get(profileId) === request ? null : (inFlight.get(profileId) ?? Promise.resolve(null)))
    const request: Promise<TokenList | null> = tokenCalls.list(profileId).then(
      (list) => {
        const newer = superseded()
        if (newer) return newer
        inFlight.delete(profileId)
        set((s) => ({ byProfile: { ...s.byProfile, [profileId]: { list, loading: false, error: null } } }))
        return list
      },
      (e: unknown) => {
        const newer = superseded()
        if (newer) return newer
        inFlight.delete(profileId)
        // Keep the last list on screen: an error banner above it is more useful than a blank page.
        set((s) => ({
          byProfile: { ...s.byProfile, [profileId]: { list: s.byProfile[profileId]?.list ?? null, loading: false, error: toIpcError(e) } },
        }))
        return null
      },
    )
    inFlight.set(profileId, request)
    return request
  },
  upsert: (profileId, token) =>
    set((s) => {
      const entry = s.byProfile[profileId]
      if (!entry?.list) return {}
      const exists = entry.list.tokens.some((t) => t.id === token.id)
      const tokens = exists ? entry.list.tokens.map((t) => (t.id === token.id ? token : t)) : [token, ...entry.list.tokens]
      return { byProfile: { ...s.byProfile, [profileId]: { ...entry, list: { ...entry.list, tokens } } } }
    }),
  select: (selectedTokenId) => set({ selectedTokenId }),
  setQuery: (query) => set({ query }),
  setFilter: (filter) => set({ filter }),
  sortBy: (key) =>
    set((s) => ({
      sort: { key, direction: s.sort.key === key && s.sort.direction === 'ascending' ? 'descending' : 'ascending' },
    })),
  forget: (profileId) => {
    // A reply still on its way must not bring back what was dropped.
    if (profileId) inFlight.delete(profileId)
    else inFlight.clear()
    set((s) => {
      if (!profileId) return { byProfile: {}, selectedTokenId: null }
      const rest = { ...s.byProfile }
      delete rest[profileId]
      return { byProfile: rest }
    })
  },
  scopes: (profileId) => tokenCalls.scopes(profileId),
  create: async (req) => {
    const result = await tokenCalls.create(req)
    // Only metadata goes into the list; the secret stays with the show-once view.
    get().upsert(req.profileId, result.token)
    return result
  },
  rotate: async (req) => {
    const result = await tokenCalls.rotate(req)
    get().upsert(req.profileId, result.oldToken)
    get().upsert(req.profileId, result.token)
    return result
  },
  revoke: async (req) => {
    const token = await tokenCalls.revoke(req)
    get().upsert(req.profileId, token)
    return token
  },
  importSecret: async (profileId, secret) => {
    const token = await tokenCalls.import(profileId, secret)
    get().upsert(profileId, token)
    return token
  },
  copy: (profileId, tokenId) => tokenCalls.copy(profileId, tokenId),
  snooze: (profileId, tokenId, days) => tokenCalls.snooze(profileId, tokenId, days),
}))

export const selectProfileTokens = (profileId: string | null) => (s: TokensState) =>
  (profileId ? s.byProfile[profileId] : undefined) ?? EMPTY
export const selectSelectedTokenId = (s: TokensState) => s.selectedTokenId
export const selectSort = (s: TokensState) => s.sort
/** Search, filter and sort together; read it through useShallow. */
export const selectTableState = (s: TokensState) => ({ query: s.query, filter: s.filter, sort: s.sort })
export const selectToken = (profileId: string | null, tokenId: string | null) => (s: TokensState) =>
  (profileId && tokenId ? s.byProfile[profileId]?.list?.tokens.find((t) => t.id === tokenId) : undefined) ?? null
