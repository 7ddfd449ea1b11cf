/**
 * The failures every HTTP API answers alike, worded in one place for the Token API client
 * (core/api-client.ts) and the provider adapters (core/providers/http.ts, errors.ts): a rate limit
 * with when to try again, a server's own problem, a refused credential.
 */

/** Seconds from a Retry-After header (delta seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, now: Date = new Date()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined
  const n = Number(header)
  if (Number.isFinite(n)) return Math.max(0, Math.ceil(n))
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000))
}

/** Too many requests; says when to try again when the server said so. */
export function rateLimitedMessage(host: string, seconds: number | undefined): string {
  return `Too many requests to ${host}. Try again${seconds !== undefined ? ` in ${seconds} s` : ' shortly'}.`
}

/** A 5xx: the server's own problem, nothing the user entered. */
export function serverProblemMessage(service: string, host: string, status: number): string {
  return `The ${service} at ${host} had a problem (HTTP ${status}). Try again later.`
}

/** The saved credential is refused: wrong, expired or revoked; `label` names the provider where it helps. */
export function invalidCredentialMessage(label: string | null, detail = 'invalid, expired or revoked'): string {
  return `The ${label ? `${label} ` : ''}credential of this profile is ${detail} — update it in the profile settings.`
}
