/**
 * Token health relative to a moment. Pure and allocation-light. A list's dates are parsed once, when
 * the list arrives (`parsedList`, cached per list), into one Float64Array; classification is then
 * number comparisons, and the reasons arrays are shared, precomputed per combination. Counting
 * (attention, reminders) classifies into a bit mask and allocates nothing per token.
 */
import type { ApiKey, ExpiryTone, HealthReason, ReminderSettings, TokenHealth, TokenView } from '../shared/models'

export const DAY_MS = 86_400_000

/**
 * Parses an ISO-8601 timestamp to epoch ms. The API's canonical `YYYY-MM-DDTHH:mm:ss(.sss)Z` takes a
 * fast path (no Date object); anything else falls back to Date.parse. NaN when unparsable.
 */
export function parseIso(value: string): number {
  const n = value.length
  // Stryker disable next-line BlockStatement,ArithmeticOperator: equivalent — skipping the fast path (or reading past the end) falls back to Date.parse, which gives the same number.
  if ((n === 20 || n === 24) && value.charCodeAt(n - 1) === 90 /* Z */ && value.charCodeAt(4) === 45 && value.charCodeAt(10) === 84) {
    // Every other separator must be in place too, or "12:00:0:Z" would read as 12:00:10.
    if (value.charCodeAt(7) !== 45 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58 || (n === 24 && value.charCodeAt(19) !== 46)) return Date.parse(value)
    // Digits read inline (a plain function V8 inlines, no closure): this runs three times per token
    // on the hot path. A non-digit makes its field negative, so the range check below refuses it.
    const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3)
    const month = digit(value, 5) * 10 + digit(value, 6)
    const day = digit(value, 8) * 10 + digit(value, 9)
    const hour = digit(value, 11) * 10 + digit(value, 12)
    const minute = digit(value, 14) * 10 + digit(value, 15)
    const second = digit(value, 17) * 10 + digit(value, 18)
    const ms = n === 24 ? digit(value, 20) * 100 + digit(value, 21) * 10 + digit(value, 22) : 0
    // Stryker disable next-line BlockStatement: equivalent — without the fast path Date.parse gives the same number.
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 && ms >= 0 && ms < 1000) {
      // Days from the civil date (H. Hinnant's algorithm): pure arithmetic, no Date object.
      const y = month <= 2 ? year - 1 : year
      const era = Math.floor(y / 400)
      const yoe = y - era * 400
      const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
      const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
      return (era * 146097 + doe - 719468) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms
    }
  }
  return Date.parse(value)
}

/** The digit at `i`; anything else is -10,000, more than the other digits of any field can make up. */
function digit(value: string, i: number): number {
  const d = value.charCodeAt(i) - 48
  // Stryker disable next-line EqualityOperator: equivalent — refusing a 0 or a 9 (or every digit) sends a timestamp to Date.parse, which gives the same number.
  return d >= 0 && d <= 9 ? d : -10_000
}

const REASON_BITS: readonly HealthReason[] = ['revoked', 'expired', 'expiring', 'rotation-due', 'stale', 'never-used', 'replacing']
/** reasons arrays by bitmask, shared and frozen so classification allocates one object per token. */
const REASONS_BY_MASK: readonly (readonly HealthReason[])[] = Array.from({ length: 1 << REASON_BITS.length }, (_, mask) =>
  Object.freeze(REASON_BITS.filter((_, bit) => (mask & (1 << bit)) !== 0)),
)

export interface HealthConfig {
  /** Lead times in days, ascending. */
  readonly leadTimesDays: readonly number[]
  readonly rotationAgeDays: number
  readonly staleDays: number
  readonly neverUsedGraceDays: number
}

export function healthConfig(settings: ReminderSettings): HealthConfig {
  return {
    leadTimesDays: [...settings.leadTimesDays].sort((a, b) => a - b),
    rotationAgeDays: settings.rotationAgeDays,
    staleDays: settings.staleDays,
    neverUsedGraceDays: settings.neverUsedGraceDays,
  }
}

/** Status as a number in a parsed list. */
const ACTIVE = 0
const EXPIRED = 1
const REVOKED = 2
/** Active, with a successor: living out a rotation's grace period. */
const REPLACING = 3

/** Per token, in a parsed list: created, expires, revokedAt, lastUsed (epoch ms; NaN for null) and status. */
export const PARSED_FIELDS = 5
const FIELDS = PARSED_FIELDS

/**
 * A list's dates as numbers, FIELDS per token. Lists are readonly data (a changed list is a new
 * array), so it is keyed by the array; the length guards against a list grown in place.
 */
export interface ParsedList {
  readonly length: number
  readonly epochs: Float64Array
  /**
   * The tokens' ids, in order: a reminder check of a large list reads them for the few percent of
   * tokens it looks up or records, and reading each from its token object cost a cache miss apiece.
   */
  readonly ids: readonly string[]
}

const parsedLists = new WeakMap<readonly ApiKey[], ParsedList>()

function statusCode(key: ApiKey): number {
  if (key.status === 'active' && typeof key.successorId === 'string') return REPLACING
  return key.status === 'revoked' ? REVOKED : key.status === 'expired' ? EXPIRED : ACTIVE
}

function parseInto(epochs: Float64Array, o: number, k: ApiKey): void {
  epochs[o] = parseIso(k.createdAt)
  epochs[o + 1] = k.expiresAt === null ? NaN : parseIso(k.expiresAt)
  epochs[o + 2] = k.revokedAt === null ? NaN : parseIso(k.revokedAt)
  epochs[o + 3] = k.lastUsed === null ? NaN : parseIso(k.lastUsed)
  epochs[o + 4] = statusCode(k)
}

/**
 * The list's dates parsed to numbers, once per list: the API client parses a list as it arrives (a
 * ParsedListBuilder), and withHealth hands the result on to the views it builds, so health and
 * reminders never parse again. A list that arrived otherwise is parsed here, on first use.
 */
export function parsedList(keys: readonly ApiKey[]): ParsedList {
  const cached = parsedLists.get(keys)
  if (cached !== undefined && cached.length === keys.length) return cached
  return new ParsedListBuilder().finish(keys)
}

/**
 * Parses a list while it grows: the API client adds each page's keys as they arrive, while the server
 * works on the next page, so only the last page is parsed after the last answer.
 */
export class ParsedListBuilder {
  private epochs = new Float64Array(0)
  private readonly ids: string[] = []

  /** Parses the keys appended to `keys` since the last call (`keys` only grows). */
  add(keys: readonly ApiKey[]): void {
    const from = this.ids.length
    if (keys.length * FIELDS > this.epochs.length) {
      // Doubling: a list of pages is copied a few times in all, not once per page.
      // Stryker disable next-line ArithmeticOperator: equivalent — growing by less than double only copies more often.
      const doubled = this.epochs.length * 2
      const grown = new Float64Array(Math.max(keys.length * FIELDS, doubled))
      grown.set(this.epochs)
      this.epochs = grown
    }
    for (let i = from; i < keys.length; i++) {
      const k = keys[i] as ApiKey
      parseInto(this.epochs, i * FIELDS, k)
      this.ids.push(k.id)
    }
  }

  /** The whole list parsed (its last keys added first), cached for `parsedList(keys)`. */
  finish(keys: readonly ApiKey[]): ParsedList {
    this.add(keys)
    const parsed: ParsedList = { length: keys.length, epochs: this.epochs.subarray(0, keys.length * FIELDS), ids: this.ids }
    parsedLists.set(keys, parsed)
    return parsed
  }
}

/** Reason bits (REASON_BITS order) in the low byte; bits 8+: 1 + the index of the lead time the expiry falls within. */
export const REASON_MASK = 0xff
export const LEAD_SHIFT = 8
/** The reason bits that make a live token need attention: expiring, rotation due, stale, never used. */
const ATTENTION = 4 | 8 | 16 | 32
/** The `replacing` reason bit: ending on purpose, so it carries that reason only and asks for nothing. */
export const REPLACING_BIT = 64

/** A HealthConfig in milliseconds, computed once per pass instead of once per token. */
export interface Thresholds {
  readonly config: HealthConfig
  readonly leadsMs: readonly number[]
  readonly rotationMs: number
  readonly graceMs: number
  readonly staleMs: number
}

export function thresholds(config: HealthConfig): Thresholds {
  return {
    config,
    leadsMs: config.leadTimesDays.map((d) => d * DAY_MS),
    rotationMs: config.rotationAgeDays * DAY_MS,
    graceMs: config.neverUsedGraceDays * DAY_MS,
    staleMs: config.staleDays * DAY_MS,
  }
}

/**
 * Health bits of one token at `nowMs` from its numbers. Revoked and expired tokens are finished:
 * they carry that reason only and never "need attention" (the UI filters them separately).
 */
export function healthBits(epochs: Float64Array, o: number, nowMs: number, th: Thresholds): number {
  const expires = epochs[o + 1] as number
  const status = epochs[o + 4] as number
  // NaN (no revokedAt / no expiry) compares false.
  if (status === REVOKED || (epochs[o + 2] as number) <= nowMs) return 1
  if (status === EXPIRED || expires <= nowMs) return 2
  if (status === REPLACING) return REPLACING_BIT
  let bits = 0
  // Stryker disable next-line ConditionalExpression: equivalent — with no expiry (NaN) no lead time compares true anyway; the check only skips the loop.
  if (expires === expires) {
    const leads = th.leadsMs
    const left = expires - nowMs
    // Stryker disable next-line EqualityOperator: equivalent — one step past the end compares with undefined, which is never true.
    for (let i = 0; i < leads.length; i++) {
      if (left <= (leads[i] as number)) {
        bits = 4 | ((i + 1) << LEAD_SHIFT)
        break
      }
    }
  }
  const age = nowMs - (epochs[o] as number)
  if (age >= th.rotationMs) bits |= 8
  const lastUsed = epochs[o + 3] as number
  if (lastUsed !== lastUsed) {
    if (age >= th.graceMs) bits |= 32
  } else if (nowMs - lastUsed >= th.staleMs) bits |= 16
  return bits
}

/**
 * How urgent the expiry is: within the longest lead time only is the first reminder (`soon`); within
 * a shorter one it is `urgent`. A revoked token is never "expiring", so its tone is calm until past.
 */
function expiryTone(mask: number, lead: number, expires: number, nowMs: number, config: HealthConfig): ExpiryTone {
  if (expires !== expires) return 'none'
  if (mask === 2 || expires <= nowMs) return 'past'
  // Its end was chosen by a rotation: nothing to warn about.
  // Stryker disable next-line ConditionalExpression: equivalent — a token being replaced has no lead time either, so it would be calm anyway; this says why.
  if (mask === REPLACING_BIT) return 'calm'
  if (lead > 0) return lead < config.leadTimesDays.length ? 'urgent' : 'soon'
  return 'calm'
}

function healthFrom(epochs: Float64Array, o: number, nowMs: number, th: Thresholds, stored: boolean): TokenHealth {
  const config = th.config
  const bits = healthBits(epochs, o, nowMs, th)
  const mask = bits & REASON_MASK
  const expires = epochs[o + 1] as number
  const lead = bits >> LEAD_SHIFT
  return {
    revoked: mask === 1,
    expired: mask === 2,
    expiringWithinDays: lead > 0 ? (config.leadTimesDays[lead - 1] as number) : null,
    daysToExpiry: expires === expires ? Math.floor((expires - nowMs) / DAY_MS) : null,
    expiryTone: expiryTone(mask, lead, expires, nowMs, config),
    rotationDue: (mask & 8) !== 0,
    ageDays: Math.floor((nowMs - (epochs[o] as number)) / DAY_MS),
    stale: (mask & 48) !== 0,
    neverUsed: (epochs[o + 3] as number) !== (epochs[o + 3] as number),
    stored,
    needsAttention: (mask & ATTENTION) !== 0,
    beingReplaced: mask === REPLACING_BIT,
    reasons: REASONS_BY_MASK[mask] as readonly HealthReason[],
  }
}

/** Scratch space for classify: one token, parsed on the spot (nothing to cache it by). */
const one = new Float64Array(FIELDS)

/** Health of one token at `nowMs`. */
export function classify(key: ApiKey, nowMs: number, config: HealthConfig, stored: boolean): TokenHealth {
  parseInto(one, 0, key)
  return healthFrom(one, 0, nowMs, thresholds(config), stored)
}

/** Classifies a list; `storedIds` holds the token ids whose secret is in the vault. */
export function withHealth(keys: readonly ApiKey[], nowMs: number, config: HealthConfig, storedIds: ReadonlySet<string>): TokenView[] {
  const parsed = parsedList(keys)
  const epochs = parsed.epochs
  const th = thresholds(config)
  // Stryker disable next-line ArrayDeclaration: equivalent — the size only spares the array from growing.
  const out = new Array<TokenView>(keys.length)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as ApiKey
    // An explicit literal, not a spread: V8 builds it with a fixed shape, several times faster at 100k.
    out[i] = {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      hint: key.hint,
      scopes: key.scopes,
      createdAt: key.createdAt,
      lastUsed: key.lastUsed,
      expiresAt: key.expiresAt,
      revokedAt: key.revokedAt,
      status: key.status,
      allowedIps: key.allowedIps,
      successorId: key.successorId ?? null,
      createdAtKnown: key.createdAtKnown ?? true,
      entered: key.entered,
      health: healthFrom(epochs, i * FIELDS, nowMs, th, storedIds.has(key.id)),
    }
  }
  // The views carry the same dates: reminders planned from them reuse the parse.
  parsedLists.set(out, parsed)
  return out
}

/**
 * How many tokens need attention: bits only, no health objects or token copies, since the sidebar
 * and tray count every cached list after each refresh.
 */
export function attentionCount(keys: readonly ApiKey[], nowMs: number, config: HealthConfig): number {
  const epochs = parsedList(keys).epochs
  const th = thresholds(config)
  let n = 0
  // Stryker disable next-line EqualityOperator: equivalent — one step past the end reads no numbers, which classify as nothing to count.
  for (let o = 0; o < epochs.length; o += FIELDS) if ((healthBits(epochs, o, nowMs, th) & ATTENTION) !== 0) n++
  return n
}
