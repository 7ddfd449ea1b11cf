import { create } from 'zustand'
import type { RotateResult, ShowOnce } from '@shared/models'
import { tokenCalls } from '../../lib/calls'
import { useAppStore } from '../app/store'
import { useTokensStore } from '../tokens/store'

/**
 * The one place a secret lives in the renderer: from create/rotate until the show-once view
 * closes. `clear` drops the reference so nothing keeps it afterwards.
 */
interface ShowOnceState {
  readonly result: ShowOnce | RotateResult | null
  readonly copied: boolean
  /** Shows the result: selects its token and opens the show-once view. */
  open(result: ShowOnce | RotateResult): void
  /** Copies the shown secret through main (same auto-clear as stored copies). */
  copy(): Promise<{ readonly clearsAt: string | null }>
  clear(): void
}

export const useShowOnceStore = create<ShowOnceState>()((set, get) => ({
  result: null,
  copied: false,
  open: (result) => {
    set({ result, copied: false })
    useTokensStore.getState().select(result.token.id)
    useAppStore.getState().openDialog({ kind: 'show-once' })
  },
  copy: async () => {
    const result = get().result
    if (!result) return { clearsAt: null }
    const copied = await tokenCalls.copySecret(result.secret)
    set({ copied: true })
    return copied
  },
  clear: () => set({ result: null, copied: false }),
}))

/** Narrows a show-once result to a rotation (which also carries the old token). */
export function isRotation(r: ShowOnce | RotateResult): r is RotateResult {
  return 'oldToken' in r
}
