import type { IpcError } from '@shared/errors'
import type { IpcRequest } from '@shared/ipc-contract'
import type { Copied, Scope, TokenList, TokenView } from '@shared/models'
import { call, toIpcError } from '../../lib/call'
import type { SliceCreator, StoreState } from '../index'

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

/** Each profile's token list as core last sent it, the selected token, and the table's search, filter and sort. */
export interface TokensSlice {
  readonly byProfile: Readonly<Record<string, ProfileTokens>>
  readonly selectedTokenId: string | null
  readonly query: string
  readonly filter: TokenFilter
  readonly sort: Sort
  /** Fetches a profile's list; joins the request in flight unless `refresh`. Resolves null on failure. */
  loadTokens(profileId: string, refresh?: boolean): Promise<TokenList | null>
  selectToken(tokenId: string | null): void
  setQuery(query: string): void
  setFilter(filter: TokenFilter): void
  /** Clicking the sorted column flips its direction; another column starts ascending. */
  sortBy(key: SortKey): void
  /** Drops one profile's cached list, or every list (e.g. after the sandbox was removed). */
  forgetTokens(profileId?: string): void
  // The actions below throw CallError; the form that started them shows the message (useAction).
  loadScopes(profileId: string): Promise<readonly Scope[]>
  createToken(req: IpcRequest<'tokens:create'>): Promise<void>
  rotateToken(req: IpcRequest<'tokens:rotate'>): Promise<void>
  revokeToken(req: IpcRequest<'tokens:revoke'>): Promise<TokenView>
  /** Keeps a secret made elsewhere; `entry` describes a secret no provider can identify (any secret). */
  importSecret(profileId: string, secret: string, entry?: IpcRequest<'tokens:import'>['entry']): Promise<TokenView>
  /** Copies a stored secret in main; returns when the clipboard will be cleared. */
  copyToken(profileId: string, tokenId: string): Promise<Copied>
  snoozeToken(profileId: string, tokenId: string, days: 1 | 7): Promise<{ readonly until: string }>
}

export const createTokensSlice: SliceCreator<TokensSlice> = (set, get) => {
  /** The list request in flight per profile; `loadTokens` joins it or, on refresh, replaces it. */
  const inFlight = new Map<string, Promise<TokenList | null>>()
  const setEntry = (profileId: string, entry: (old: ProfileTokens) => ProfileTokens) =>
    set((s) => ({ byProfile: { ...s.byProfile, [profileId]: entry(s.byProfile[profileId] ?? EMPTY) } }))
  /**
   * Puts a changed token (created, rotated, revoked, imported) into the cached list by copy, at
   * once; then refetches the list so core's counts (attention) follow the change too.
   */
  const upsert = (profileId: string, ...tokens: readonly TokenView[]) => {
    for (const token of tokens) upsertOne(profileId, token)
    void get().loadTokens(profileId, true)
  }
  const upsertOne = (profileId: string, token: TokenView) =>
    setEntry(profileId, (entry) => {
      if (!entry.list) return entry
      const exists = entry.list.tokens.some((t) => t.id === token.id)
      const tokens = exists ? entry.list.tokens.map((t) => (t.id === token.id ? token : t)) : [token, ...entry.list.tokens]
      return { ...entry, list: { ...entry.list, tokens } }
    })

  return {
    byProfile: {},
    selectedTokenId: null,
    query: '',
    filter: 'all',
    // What needs the user first, dead tokens last (see sortValue's 'status').
    sort: { key: 'status', direction: 'ascending' },
    loadTokens: (profileId, refresh = false) => {
      const running = inFlight.get(profileId)
      // A notification click and the token view can both ask for the same list: one fetch serves both.
      if (running && !refresh) return running
      setEntry(profileId, (entry) => ({ ...entry, loading: true }))
      // Only the latest request for a profile writes the store; an older reply hands over to the newer one.
      const superseded = () => (inFlight.get(profileId) === request ? null : (inFlight.get(profileId) ?? Promise.resolve(null)))
      const request: Promise<TokenList | null> = call('tokens:list', { profileId }).then(
        (list) => {
          const newer = superseded()
          if (newer) return newer
          inFlight.delete(profileId)
          setEntry(profileId, () => ({ list, loading: false, error: null }))
          return list
        },
        (e: unknown) => {
          const newer = superseded()
          if (newer) return newer
          inFlight.delete(profileId)
          // Keep the last list on screen: an error banner above it is more useful than a blank page.
          setEntry(profileId, (entry) => ({ list: entry.list, loading: false, error: toIpcError(e) }))
          return null
        },
      )
      inFlight.set(profileId, request)
      return request
    },
    selectToken: (selectedTokenId) => set({ selectedTokenId }),
    setQuery: (query) => set({ query }),
    setFilter: (filter) => set({ filter }),
    sortBy: (key) =>
      set((s) => ({
        sort: { key, direction: s.sort.key === key && s.sort.direction === 'ascending' ? 'descending' : 'ascending' },
      })),
    forgetTokens: (profileId) => {
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
    loadScopes: (profileId) => call('tokens:scopes', { profileId }),
    createToken: async (req) => {
      const result = await call('tokens:create', req)
      // Only metadata goes into the list; the secret stays with the show-once view.
      upsert(req.profileId, result.token)
      get().presentSecret(result)
    },
    rotateToken: async (req) => {
      const result = await call('tokens:rotate', req)
      upsert(req.profileId, result.oldToken, result.token)
      // A replaced secret was pasted by the user: nothing new to show once, only where it went.
      if (req.secret !== undefined && result.stored) get().showToast(`Replaced — the new secret of “${result.token.name}” is in your keychain`)
      else get().presentSecret(result)
    },
    revokeToken: async (req) => {
      const token = await call('tokens:revoke', req)
      upsert(req.profileId, token)
      get().showToast(`Revoked “${token.name}”`)
      return token
    },
    importSecret: async (profileId, secret, entry) => {
      const token = await call('tokens:import', { profileId, secret, ...(entry ? { entry } : {}) })
      upsert(profileId, token)
      set({ selectedTokenId: token.id })
      get().showToast(`${entry ? 'Added' : 'Imported'} — the secret of “${token.name}” is in your keychain`)
      return token
    },
    copyToken: (profileId, tokenId) => call('tokens:copy', { profileId, tokenId }),
    snoozeToken: (profileId, tokenId, days) => call('reminders:snooze', { profileId, tokenId, days }),
  }
}

export const selectProfileTokens = (profileId: string | null) => (s: StoreState) =>
  (profileId ? s.byProfile[profileId] : undefined) ?? EMPTY
export const selectSelectedTokenId = (s: StoreState) => s.selectedTokenId
export const selectSort = (s: StoreState) => s.sort
/** Search, filter and sort together; read it through useShallow. */
export const selectTableState = (s: StoreState) => ({ query: s.query, filter: s.filter, sort: s.sort })
export const selectToken = (profileId: string | null, tokenId: string | null) => (s: StoreState) =>
  (profileId && tokenId ? s.byProfile[profileId]?.list?.tokens.find((t) => t.id === tokenId) : undefined) ?? null

/**
 * Whether the first screen has what start-up asked for: the profiles, and the selected profile's
 * list (or its error); true too when there is no profile to show.
 */
export const selectFirstScreenReady = (s: StoreState): boolean => {
  if (!s.profilesLoaded) return false
  const entry = s.selectedProfileId ? s.byProfile[s.selectedProfileId] : undefined
  return !s.selectedProfileId || entry?.list != null || entry?.error != null
}
