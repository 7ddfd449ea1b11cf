import type { IpcError } from '@shared/errors'
import type { QuickResult } from '@shared/models'
import { call, toIpcError } from '../../lib/call'
import type { SliceCreator, StoreState } from '../index'

export interface QuickState {
  readonly query: string
  readonly results: readonly QuickResult[]
  readonly active: number
  readonly error: IpcError | null
}

const QUICK_EMPTY: QuickState = { query: '', results: [], active: 0, error: null }

/** The Ctrl/Cmd+K quick switcher: results across profiles from core's cached lists. */
export interface QuickSwitcherSlice {
  readonly quick: QuickState
  quickSearch(query: string): Promise<void>
  /** The switcher opened: search what is typed so far (keystrokes typed while it loaded may be in already). */
  quickStart(): Promise<void>
  quickMove(delta: number): void
  quickSetActive(index: number): void
  quickReset(): void
  /** Enter on a result: copies a stored active token and closes; anything else opens it. Throws CallError. */
  quickRun(result: QuickResult): Promise<void>
  /** Alt+Enter: opens the token in its profile and closes the switcher. */
  quickOpen(result: QuickResult): void
}

export const createQuickSwitcherSlice: SliceCreator<QuickSwitcherSlice> = (set, get) => {
  let requestSeq = 0
  const setQuick = (patch: Partial<QuickState>) => set((s) => ({ quick: { ...s.quick, ...patch } }))
  return {
    quick: QUICK_EMPTY,
    quickSearch: async (query) => {
      setQuick({ query })
      const seq = ++requestSeq
      try {
        const results = await call('tokens:search', { query })
        // Typing fast sends several searches; only the newest may land.
        if (seq === requestSeq) setQuick({ results, active: 0, error: null })
      } catch (e) {
        if (seq === requestSeq) setQuick({ results: [], error: toIpcError(e) })
      }
    },
    quickStart: () => get().quickSearch(get().quick.query),
    quickMove: (delta) => {
      const { results, active } = get().quick
      if (results.length > 0) setQuick({ active: (active + delta + results.length) % results.length })
    },
    quickSetActive: (active) => setQuick({ active }),
    quickReset: () => {
      requestSeq++
      set({ quick: QUICK_EMPTY })
    },
    quickRun: async (r) => {
      if (!r.stored || r.status !== 'active') {
        get().quickOpen(r)
        return
      }
      const copied = await get().copyToken(r.profileId, r.tokenId)
      get().noteCopy(copied, `Copied “${r.name}”`, 'status-bar')
      get().closeDialog()
    },
    quickOpen: (r) => {
      // Closed first: leaving unsaved settings opens its own question in the switcher's place.
      get().closeDialog()
      get().openToken(r.profileId, r.tokenId)
    },
  }
}

export const selectQuick = (s: StoreState) => s.quick
