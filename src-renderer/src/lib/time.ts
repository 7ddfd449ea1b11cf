import { differenceInCalendarDays, format, formatDistanceStrict } from 'date-fns'

// Formatting dates is the costliest part of a table row; the same tokens come back on every
// keystroke in the search box, so their strings are cached (per clock tick for relative ones).
const relativeCache = new Map<string, string>()
let relativeCacheNow = 0
const exactCache = new Map<string, string>()
const CACHE_LIMIT = 50_000

/** "3 days ago" / "in 5 days"; the caller decides what null means. */
export function relativeTime(iso: string, now: number): string {
  if (now !== relativeCacheNow || relativeCache.size > CACHE_LIMIT) {
    relativeCache.clear()
    relativeCacheNow = now
  }
  let out = relativeCache.get(iso)
  if (out === undefined) {
    const t = Date.parse(iso)
    out = Math.abs(t - now) < 60_000 ? 'just now' : formatDistanceStrict(t, now, { addSuffix: true })
    relativeCache.set(iso, out)
  }
  return out
}

/** The exact local time, for hover titles and the detail panel. */
export function exactTime(iso: string): string {
  let out = exactCache.get(iso)
  if (out === undefined) {
    if (exactCache.size > CACHE_LIMIT) exactCache.clear()
    out = format(Date.parse(iso), 'yyyy-MM-dd HH:mm:ss')
    exactCache.set(iso, out)
  }
  return out
}

/** Short local time for banners: today's times without a date. */
export function shortTime(iso: string, now: number): string {
  const t = Date.parse(iso)
  return differenceInCalendarDays(now, t) === 0 ? format(t, 'HH:mm') : format(t, 'd MMM HH:mm')
}

/** Seconds from now until an ISO time, never negative. */
export function secondsUntil(iso: string, now: number): number {
  return Math.max(0, Math.round((Date.parse(iso) - now) / 1000))
}
