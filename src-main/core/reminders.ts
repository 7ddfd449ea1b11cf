/**
 * Reminder planning: which notifications are due now, from token health. Pure: the caller passes
 * the persisted state (fired set, snoozes) and saves the returned one, so restarts never repeat.
 */
import type { ReminderNotification, ReminderRule, ReminderSettings, TokenView } from '../shared/models'
import { assertNever } from '../shared/errors'
import { DAY_MS, parseIso } from './health'

/** More due reminders than this become one digest. */
export const DIGEST_THRESHOLD = 3

export interface ReminderState {
  /** `<profileId>/<tokenId>/<rule>/<threshold>` of every reminder already shown. */
  readonly fired: readonly string[]
  /** `<profileId>/<tokenId>` → ISO time until which the token's reminders are snoozed. */
  readonly snoozed: Readonly<Record<string, string>>
}

export const EMPTY_REMINDER_STATE: ReminderState = { fired: [], snoozed: {} }

export interface ProfileTokens {
  readonly profileId: string
  readonly profileName: string
  readonly tokens: readonly TokenView[]
}

export interface DueReminder {
  readonly key: string
  readonly profileId: string
  readonly profileName: string
  readonly tokenId: string
  readonly tokenName: string
  readonly rule: ReminderRule
  /** Days: the lead time for expiry (0 = expired), the age for rotation, the idle days for stale. */
  readonly threshold: number
  readonly neverUsed: boolean
}

function describe(r: DueReminder): { title: string; body: string } {
  switch (r.rule) {
    case 'expiry':
      return r.threshold === 0
        ? { title: `Token expired: ${r.tokenName}`, body: `"${r.tokenName}" in ${r.profileName} has expired. Rotate or replace it.` }
        : {
            title: `Token expires soon: ${r.tokenName}`,
            body: `"${r.tokenName}" in ${r.profileName} expires within ${r.threshold} day${r.threshold === 1 ? '' : 's'}. Rotate it before it stops working.`,
          }
    case 'rotation':
      return { title: `Time to rotate: ${r.tokenName}`, body: `"${r.tokenName}" in ${r.profileName} is over ${r.threshold} days old. Rotate it.` }
    case 'stale':
      return r.neverUsed
        ? { title: `Unused token: ${r.tokenName}`, body: `"${r.tokenName}" in ${r.profileName} was never used in ${r.threshold} days. Revoke it if it is not needed.` }
        : { title: `Idle token: ${r.tokenName}`, body: `"${r.tokenName}" in ${r.profileName} has not been used for ${r.threshold} days. Revoke it if it is not needed.` }
    default:
      return assertNever(r.rule)
  }
}

export interface ReminderPlan {
  /** How many reminders came due (each marked fired). */
  readonly dueCount: number
  /** The due reminders in full when few enough to show one by one; empty for a digest. */
  readonly due: readonly DueReminder[]
  readonly notifications: readonly ReminderNotification[]
  readonly state: ReminderState
}

const RULE_CODES: readonly ReminderRule[] = ['expiry', 'rotation', 'stale']

/**
 * Plans the reminders due at `nowMs`. Each (token, rule, threshold) fires once; snoozed tokens are
 * skipped without being marked (they fire when the snooze ends); disabled rules never fire.
 * Candidates are gathered in flat arrays and turned into objects only when shown one by one: a
 * backlog of 100,000 tokens must plan within the 50 ms budget.
 */
export function planReminders(profiles: readonly ProfileTokens[], settings: ReminderSettings, state: ReminderState, nowMs: number): ReminderPlan {
  const fired = state.fired.length > 0 ? new Set(state.fired) : null
  const keys: string[] = []
  /** ((profile index * 2^21) + token index) * 4 + rule: one number per due reminder, no object. */
  const packed: number[] = []
  const rules = settings.rules
  // Key suffixes are built once per threshold, so a due reminder costs two string joins.
  const expirySuffix = new Map<number, string>([[0, '/expiry/0']])
  for (const d of settings.leadTimesDays) expirySuffix.set(d, `/expiry/${d}`)
  const rotationSuffix = `/rotation/${settings.rotationAgeDays}`
  const staleSuffix = `/stale/${settings.staleDays}`
  const neverUsedSuffix = `/stale/${settings.neverUsedGraceDays}n`
  // Only build per-token snooze keys when something is snoozed: 100k string concatenations add up.
  const hasSnoozes = Object.keys(state.snoozed).length > 0
  for (let pi = 0; pi < profiles.length; pi++) {
    const p = profiles[pi] as ProfileTokens
    const tokens = p.tokens
    const prefix = `${p.profileId}/`
    const base = pi * 2 ** 21
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as TokenView
      const h = t.health
      // Cheap exit for the common case; revoked tokens never remind.
      if (h.revoked || (!h.needsAttention && !h.expired)) continue
      if (hasSnoozes) {
        const snoozedUntil = state.snoozed[`${p.profileId}/${t.id}`]
        if (snoozedUntil !== undefined && parseIso(snoozedUntil) > nowMs) continue
      }
      const tokenKey = prefix + t.id
      if (rules.expiry) {
        const suffix = h.expired ? '/expiry/0' : h.expiringWithinDays !== null ? (expirySuffix.get(h.expiringWithinDays) ?? `/expiry/${h.expiringWithinDays}`) : null
        if (suffix !== null) {
          const key = tokenKey + suffix
          if (!fired?.has(key)) {
            keys.push(key)
            packed.push((base + i) * 4)
          }
        }
      }
      if (h.expired) continue
      if (rules.rotation && h.rotationDue) {
        const key = tokenKey + rotationSuffix
        if (!fired?.has(key)) {
          keys.push(key)
          packed.push((base + i) * 4 + 1)
        }
      }
      if (rules.stale && h.stale) {
        const key = tokenKey + (h.neverUsed ? neverUsedSuffix : staleSuffix)
        if (!fired?.has(key)) {
          keys.push(key)
          packed.push((base + i) * 4 + 2)
        }
      }
    }
  }
  const dueCount = keys.length
  if (dueCount === 0) return { dueCount, due: [], notifications: [], state }
  let due: DueReminder[] = []
  let notifications: ReminderNotification[]
  if (dueCount > DIGEST_THRESHOLD) {
    notifications = [{ id: `digest-${nowMs}`, title: `${dueCount} tokens need attention`, body: summarize(profiles, packed), target: null }]
  } else {
    due = keys.map((key, i) => {
      const code = packed[i] as number
      const rule = code % 4
      const index = (code - rule) / 4
      const p = profiles[Math.floor(index / 2 ** 21)] as ProfileTokens
      const t = p.tokens[index % 2 ** 21] as TokenView
      return {
        key,
        profileId: p.profileId,
        profileName: p.profileName,
        tokenId: t.id,
        tokenName: t.name,
        rule: RULE_CODES[rule] as ReminderRule,
        threshold: thresholdOf(rule, t, settings),
        neverUsed: t.health.neverUsed,
      }
    })
    notifications = due.map((r) => ({ id: r.key, ...describe(r), target: { profileId: r.profileId, tokenId: r.tokenId } }))
  }
  // Expired snoozes are dropped so the state does not grow forever.
  const snoozed: Record<string, string> = {}
  for (const [k, v] of Object.entries(state.snoozed)) if (parseIso(v) > nowMs) snoozed[k] = v
  return { dueCount, due, notifications, state: { fired: state.fired.concat(keys), snoozed } }
}

function thresholdOf(rule: number, t: TokenView, settings: ReminderSettings): number {
  if (rule === 0) return t.health.expired ? 0 : (t.health.expiringWithinDays ?? 0)
  if (rule === 1) return settings.rotationAgeDays
  return t.health.neverUsed ? settings.neverUsedGraceDays : settings.staleDays
}

function summarize(profiles: readonly ProfileTokens[], packed: readonly number[]): string {
  let expiring = 0
  let expired = 0
  let rotation = 0
  let stale = 0
  for (let i = 0; i < packed.length; i++) {
    const code = packed[i] as number
    const rule = code % 4
    if (rule === 0) {
      const index = (code - rule) / 4
      const t = (profiles[Math.floor(index / 2 ** 21)] as ProfileTokens).tokens[index % 2 ** 21] as TokenView
      if (t.health.expired) expired++
      else expiring++
    } else if (rule === 1) rotation++
    else stale++
  }
  const parts: string[] = []
  if (expired) parts.push(`${expired} expired`)
  if (expiring) parts.push(`${expiring} expiring soon`)
  if (rotation) parts.push(`${rotation} due for rotation`)
  if (stale) parts.push(`${stale} unused`)
  return `${parts.join(', ')}. Open Keyward to review them.`
}

/** Snoozes a token's reminders for 1 or 7 days. */
export function snooze(state: ReminderState, profileId: string, tokenId: string, days: 1 | 7, nowMs: number): { state: ReminderState; until: string } {
  const until = new Date(nowMs + days * DAY_MS).toISOString()
  return { state: { fired: state.fired, snoozed: { ...state.snoozed, [`${profileId}/${tokenId}`]: until } }, until }
}

/** Forgets the reminders of tokens that no longer exist in a profile (keeps the fired set bounded). */
export function pruneFired(state: ReminderState, profileId: string, liveIds: ReadonlySet<string>): ReminderState {
  const prefix = `${profileId}/`
  const fired = state.fired.filter((k) => !k.startsWith(prefix) || liveIds.has(k.slice(prefix.length, k.indexOf('/', prefix.length))))
  return fired.length === state.fired.length ? state : { ...state, fired }
}
