import { differenceInCalendarDays, format, formatDistanceStrict } from 'date-fns'

/** "3 days ago" / "in 5 days"; the caller decides what null means. */
export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso)
  if (Math.abs(t - now) < 60_000) return 'just now'
  return formatDistanceStrict(t, now, { addSuffix: true })
}

/** The exact local time, for hover titles and the detail panel. */
export function exactTime(iso: string): string {
  return format(Date.parse(iso), 'yyyy-MM-dd HH:mm:ss')
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
