import { create } from 'zustand'
import type { QuickResult } from '@shared/models'
import type { IpcError } from '@shared/errors'
import { tokenCalls } from '../../lib/calls'
import { toIpcError } from '../../lib/keyward'

interface QuickState {
  readonly query: string
  readonly results: readonly QuickResult[]
  readonly active: number
  readonly error: IpcError | null
  search(query: string): Promise<void>
  move(delta: number): void
  setActive(index: number): void
  reset(): void
}

let requestSeq = 0

/** The Ctrl/Cmd+K quick switcher: results across profiles from core's cached lists. */
export const useQuickStore = create<QuickState>()((set, get) => ({
  query: '',
  results: [],
  active: 0,
  error: null,
  search: async (query) => {
    set({ query })
    const seq = ++requestSeq
    try {
      const results = await tokenCalls.search(query)
      // Typing fast sends several searches; only the newest may land.
      if (seq === requestSeq) set({ results, active: 0, error: null })
    } catch (e) {
      if (seq === requestSeq) set({ results: [], error: toIpcError(e) })
    }
  },
  move: (delta) => {
    const n = get().results.length
    if (n > 0) set((s) => ({ active: (s.active + delta + n) % n }))
  },
  setActive: (active) => set({ active }),
  reset: () => {
    requestSeq++
    set({ query: '', results: [], active: 0, error: null })
  },
}))
