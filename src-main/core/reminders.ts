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
  readonly due: readonly DueReminder[]
  readonly notifications: readonly ReminderNotification[]
  readonly state: ReminderState
}

/**
 * Plans the reminders due at `nowMs`. Each (token, rule, threshold) fires once; snoozed tokens are
 * skipped without being marked (they fire when the snooze ends); disabled rules never fire.
 */
export function planReminders(profiles: readonly ProfileTokens[], settings: ReminderSettings, state: ReminderState, nowMs: number): ReminderPlan {
  const fired = new Set(state.fired)
  const due: DueReminder[] = []
  const rules = settings.rules
  const push = (p: ProfileTokens, t: TokenView, rule: ReminderRule, threshold: number) => {
    const key = `${p.profileId}/${t.id}/${rule}/${threshold}${rule === 'stale' && t.health.neverUsed ? 'n' : ''}`
    if (fired.has(key)) return
    due.push({ key, profileId: p.profileId, profileName: p.profileName, tokenId: t.id, tokenName: t.name, rule, threshold, neverUsed: t.health.neverUsed })
  }
  for (const p of profiles) {
    const tokens = p.tokens
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as TokenView
      const h = t.health
      // Cheap exit for the common case; revoked tokens never remind.
      if (h.revoked || (!h.needsAttention && !h.expired)) continue
      const snoozedUntil = state.snoozed[`${p.profileId}/${t.id}`]
      if (snoozedUntil !== undefined && parseIso(snoozedUntil) > nowMs) continue
      if (rules.expiry) {
        if (h.expired) push(p, t, 'expiry', 0)
        else if (h.expiringWithinDays !== null) push(p, t, 'expiry', h.expiringWithinDays)
      }
      if (h.expired) continue
      if (rules.rotation && h.rotationDue) push(p, t, 'rotation', settings.rotationAgeDays)
      if (rules.stale && h.stale) push(p, t, 'stale', h.neverUsed ? settings.neverUsedGraceDays : settings.staleDays)
    }
  }
  if (due.length === 0) return { due, notifications: [], state }
  const notifications: ReminderNotification[] =
    due.length > DIGEST_THRESHOLD
      ? [
          {
            id: `digest-${nowMs}`,
            title: `${due.length} tokens need attention`,
            body: summarize(due),
            target: null,
          },
        ]
      : due.map((r) => ({ id: r.key, ...describe(r), target: { profileId: r.profileId, tokenId: r.tokenId } }))
  // Expired snoozes are dropped so the state does not grow forever.
  const snoozed: Record<string, string> = {}
  for (const [k, v] of Object.entries(state.snoozed)) if (parseIso(v) > nowMs) snoozed[k] = v
  return { due, notifications, state: { fired: [...state.fired, ...due.map((r) => r.key)], snoozed } }
}

function summarize(due: readonly DueReminder[]): string {
  let expiring = 0
  let expired = 0
  let rotation = 0
  let stale = 0
  for (const r of due) {
    if (r.rule === 'expiry') {
      if (r.threshold === 0) expired++
      else expiring++
    } else if (r.rule === 'rotation') rotation++
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
