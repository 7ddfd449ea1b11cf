/** How long a token lives, so a rotation can give its replacement as long a life (issue 11, item 5). */
const DAY_MS = 86_400_000
/** The Token API refuses expiries further ahead than this. */
export const MAX_EXPIRY_DAYS = 366

/** The token's lifetime in whole days (1…366), or null when it never expires. */
export function lifetimeDays(token: { readonly createdAt: string; readonly expiresAt: string | null }): number | null {
  if (token.expiresAt === null) return null
  const ms = Date.parse(token.expiresAt) - Date.parse(token.createdAt)
  if (!Number.isFinite(ms)) return null
  return Math.min(MAX_EXPIRY_DAYS, Math.max(1, Math.round(ms / DAY_MS)))
}

/** The expiry a replacement gets by default: the old token's lifetime counted from `now`, or none when it had none. */
export function rotatedExpiry(token: { readonly createdAt: string; readonly expiresAt: string | null }, now: number): string | null {
  const days = lifetimeDays(token)
  return days === null ? null : new Date(now + days * DAY_MS).toISOString()
}
