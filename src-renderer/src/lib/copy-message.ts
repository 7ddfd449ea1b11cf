import { secondsUntil } from './time'

/** The status line after a copy, saying when the clipboard will be cleared. */
export function copiedMessage(clearsAt: string | null, what = 'Copied'): string {
  if (!clearsAt) return `${what} — the clipboard is not cleared automatically`
  return `${what} — clears in ${secondsUntil(clearsAt, Date.now())} s`
}
