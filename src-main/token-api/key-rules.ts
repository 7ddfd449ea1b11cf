/**
 * What a key may hand out. The contract's rule "no key can mint more power than it has" covers
 * scopes, reach (allowed_ips) and life (expires_at), on create and on rotate.
 */
import { ReplyError, type FieldError } from './errors'
import { cidrWithin } from './ip-allowlist'
import { toIso, type KeyRecord } from './key-ledger'

const DAY_MS = 24 * 60 * 60 * 1000
export const MAX_EXPIRY_DAYS = 366
// Strict ISO-8601 date-time with an explicit zone, so "tomorrow" or a bare date never slips through.
// Stryker disable next-line Regex: equivalent without the final $ — Date.parse refuses anything after the zone.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

/** An expires_at from a body as epoch ms (null for none); problems go to `details`. */
export function parseExpiry(value: string | null | undefined, now: number, field: string, details: FieldError[]): number | null {
  if (value === undefined || value === null) return null
  const ms = Date.parse(value)
  if (!ISO_DATE_TIME.test(value) || Number.isNaN(ms)) {
    details.push({ field, message: 'must be an ISO-8601 date-time with a time zone, e.g. 2027-01-31T00:00:00Z' })
  } else if (ms <= now) {
    details.push({ field, message: 'must be in the future' })
  } else if (ms > now + MAX_EXPIRY_DAYS * DAY_MS) {
    details.push({ field, message: `must be at most ${MAX_EXPIRY_DAYS} days ahead` })
  }
  return ms
}

/** The caller must hold every scope it grants, rotates or revokes (403 INSUFFICIENT_SCOPE). */
export function requireScopes(caller: KeyRecord, scopes: readonly string[], verb = 'grant'): void {
  const missing = scopes.find((s) => !caller.scopeSet.has(s))
  if (missing !== undefined) {
    throw new ReplyError('INSUFFICIENT_SCOPE', `A key cannot ${verb} the ${missing} scope it does not hold itself.`, { required_scope: missing })
  }
}

/** A key limited to some addresses may only hand out keys limited to addresses inside them. */
export function requireReach(caller: KeyRecord, allowedIps: readonly string[]): void {
  if (caller.allowedIps.length === 0) return
  const outside =
    allowedIps.length === 0 ? 'any address (empty allowed_ips)' : allowedIps.find((c) => !caller.allowedIps.some((o) => cidrWithin(c, o)))
  if (outside === undefined) return
  throw new ReplyError(
    'IP_RANGE_NOT_HELD',
    `This API key may only be used from ${caller.allowedIps.join(', ')}, so the keys it creates or rotates must be limited to ` +
      `addresses inside those ranges; ${outside} is not.`,
    { allowed_ips: caller.allowedIps },
  )
}

/** A key that expires may only hand out keys that expire no later than it does. */
export function requireLife(caller: KeyRecord, expiresMs: number | null): void {
  if (caller.expiresMs === null || (expiresMs !== null && expiresMs <= caller.expiresMs)) return
  const end = toIso(caller.expiresMs)
  throw new ReplyError(
    'EXPIRY_BEYOND_CALLER',
    `This API key expires at ${end}, so the keys it creates or rotates must expire by then: give an expires_at at or before ${end}.`,
    { expires_at: end },
  )
}
