import type { CopyStatus } from '../store/slices/clipboard'
import { secondsUntil } from './time'

/** How the copy ended, in words; null while it is still counting down (or is never cleared). */
export function copyOutcomeMessage(outcome: CopyStatus['outcome']): string | null {
  switch (outcome) {
    case 'pending':
      return null
    case 'cleared':
      return 'Clipboard cleared'
    case 'replaced':
      return 'Clipboard left as is: something else was copied since'
    case 'failed':
      return 'Keyward could not clear the clipboard: it may still hold the secret'
  }
}

/**
 * What the status shows at `now`: the countdown (the visible number ticks) or how it ended.
 * At zero, before core has said, it says the clear is under way rather than guess the outcome.
 */
export function copyStatusText(status: Pick<CopyStatus, 'what' | 'clearsAt' | 'outcome'>, now: number): string {
  const ended = copyOutcomeMessage(status.outcome)
  if (ended) return ended
  if (!status.clearsAt) return `${status.what} — the clipboard is not cleared automatically`
  const seconds = secondsUntil(status.clearsAt, now)
  return seconds > 0 ? `${status.what} — clears in ${seconds} s` : `${status.what} — clearing the clipboard…`
}
