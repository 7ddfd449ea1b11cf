import type { ClipboardEvent } from '@shared/ipc-contract'
import type { Copied } from '@shared/models'
import type { SliceCreator, StoreState } from '../index'

/** Where a copy was made, so its status shows there: the show-once view, a token's details, or the status bar. */
export type CopyPlace = 'show-once' | 'detail' | 'status-bar'

/**
 * The last copy of a secret and how it ended, as core told it (event:clipboard): counting down
 * until core clears it; then cleared, left as is (something else was copied since), or failed.
 */
export interface CopyStatus {
  readonly copyId: number
  /** "Copied", or "Copied “name”" where the place does not say which token. */
  readonly what: string
  readonly clearsAt: string | null
  /** When the copy was made (the start the live region announces). */
  readonly copiedAt: number
  readonly outcome: 'pending' | ClipboardEvent['outcome']
  readonly place: CopyPlace
  /** The token copied, so its details can show the status (null: not known here). */
  readonly profileId: string | null
  readonly tokenId: string | null
}

export interface ClipboardSlice {
  readonly copyStatus: CopyStatus | null
  /** A copy went through main: show its status (replacing any older one). */
  noteCopy(copied: Copied, what: string, place: CopyPlace, token?: { readonly profileId: string; readonly tokenId: string }): void
  /** Core said how a copy ended; only the current copy's status changes. */
  settleCopy(event: ClipboardEvent): void
  /** The status faded after it ended. */
  dismissCopyStatus(copyId: number): void
}

export const createClipboardSlice: SliceCreator<ClipboardSlice> = (set) => ({
  copyStatus: null,
  noteCopy: (copied, what, place, token) =>
    set({
      copyStatus: {
        copyId: copied.copyId,
        what,
        clearsAt: copied.clearsAt,
        copiedAt: Date.now(),
        outcome: 'pending',
        place,
        profileId: token?.profileId ?? null,
        tokenId: token?.tokenId ?? null,
      },
    }),
  settleCopy: (event) =>
    set((s) => (s.copyStatus?.copyId === event.copyId && s.copyStatus.outcome === 'pending' ? { copyStatus: { ...s.copyStatus, outcome: event.outcome } } : {})),
  dismissCopyStatus: (copyId) => set((s) => (s.copyStatus?.copyId === copyId ? { copyStatus: null } : {})),
})

export const selectCopyStatus = (s: StoreState) => s.copyStatus

/**
 * Where the status shows now: in the show-once view while it is open, in the copied token's
 * details while they are showing, otherwise in the status bar, so it is never hidden while it counts.
 */
export function selectCopyHost(s: StoreState): CopyPlace | null {
  const c = s.copyStatus
  if (!c) return null
  if (c.place === 'show-once' && s.dialog?.kind === 'show-once') return 'show-once'
  const detailShowsIt = c.tokenId !== null && s.view === 'tokens' && s.selectedProfileId === c.profileId && s.selectedTokenId === c.tokenId
  if (c.place !== 'status-bar' && detailShowsIt) return 'detail'
  return 'status-bar'
}
