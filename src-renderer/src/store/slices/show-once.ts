import type { RotateResult, ShowOnce } from '@shared/models'
import { call } from '../../lib/call'
import type { SliceCreator, StoreState } from '../index'

/**
 * The one place a secret lives in the renderer: from create/rotate until the show-once view is
 * closed or replaced (the app slice then drops it with SECRET_CLEARED).
 */
export interface ShowOnceSlice {
  readonly shown: ShowOnce | RotateResult | null
  readonly shownCopied: boolean
  /** Shows a create/rotate result: selects its token and opens the show-once view. */
  presentSecret(result: ShowOnce | RotateResult): void
  /** Copies the shown secret through main (same auto-clear as stored copies); its status shows in the view. */
  copyShownSecret(): Promise<void>
}

/** What the store holds once the show-once view is gone. */
export const SECRET_CLEARED = { shown: null, shownCopied: false } as const satisfies Partial<ShowOnceSlice>

export const createShowOnceSlice: SliceCreator<ShowOnceSlice> = (set, get) => ({
  ...SECRET_CLEARED,
  presentSecret: (result) => {
    // An earlier secret's copy status stays with its token, not in this new view.
    const earlier = get().copyStatus
    set({ shown: result, shownCopied: false, selectedTokenId: result.token.id, ...(earlier?.place === 'show-once' ? { copyStatus: { ...earlier, place: 'detail' } } : {}) })
    get().openDialog({ kind: 'show-once' })
  },
  copyShownSecret: async () => {
    const shown = get().shown
    if (!shown) return
    const copied = await call('secret:copy', { secret: shown.secret })
    set({ shownCopied: true })
    // Its token's details take the status over once the view closes (selectCopyHost).
    get().noteCopy(copied, 'Copied', 'show-once', { profileId: get().selectedProfileId ?? '', tokenId: shown.token.id })
  },
})

export const selectShown = (s: StoreState) => s.shown
export const selectShownCopied = (s: StoreState) => s.shownCopied

/** Narrows a show-once result to a rotation (which also carries the old token). */
export function isRotation(r: ShowOnce | RotateResult): r is RotateResult {
  return 'oldToken' in r
}
