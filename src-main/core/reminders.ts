/**
 * Reminder planning: which notifications are due now, from token health. Pure: the caller passes
 * the persisted state (fired set, snoozes) and saves the returned one, so restarts never repeat.
 */
import type { ApiKey, ReminderNotification, ReminderRule, ReminderSettings } from '../shared/models'
import { assertNever } from '../shared/errors'
import { DAY_MS, healthBits, healthConfig, LEAD_SHIFT, PARSED_FIELDS, parsedList, parseIso, REASON_MASK } from './health'

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
  /** The profile's list, as views or as the keys arrived: health is classified here, at the plan's moment. */
  readonly tokens: readonly ApiKey[]
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

/** What a plan counts, for the digest's words. */
interface DueCounts {
  expired: number
  expiring: number
  rotation: number
  stale: number
}

/**
 * Plans the reminders due at `nowMs`. Each (token, rule, threshold) fires once; snoozed tokens are
 * skipped without being marked (they fire when the snooze ends); disabled rules never fire.
 * Health is classified from the list's parsed dates into bits, due reminders are counted for the
 * digest, and an object is built only for the few shown one by one: a backlog of 100,000 tokens
 * costs one pass over numbers plus one fired key per due reminder (the persisted state needs it).
 */
export function planReminders(profiles: readonly ProfileTokens[], settings: ReminderSettings, state: ReminderState, nowMs: number): ReminderPlan {
  const config = healthConfig(settings)
  const rules = settings.rules
  const keys: string[] = []
  const counts: DueCounts = { expired: 0, expiring: 0, rotation: 0, stale: 0 }
  /** The first due reminders, enough to show them one by one when there are few. */
  const first: DueReminder[] = []
  // Suffixes built once: a due reminder then costs one string join.
  const expirySuffix = ['/expiry/0', ...config.leadTimesDays.map((d) => `/expiry/${d}`)]
  const rotationSuffix = `/rotation/${settings.rotationAgeDays}`
  const staleSuffix = `/stale/${settings.staleDays}`
  const neverUsedSuffix = `/stale/${settings.neverUsedGraceDays}n`
  const snoozes = activeSnoozes(state.snoozed, nowMs)
  // Imported bindings read once: under tsx (the bench, tests) each read in the loop is a getter call.
  const bitsOf = healthBits
  const fields = PARSED_FIELDS
  const reasonMask = REASON_MASK
  const leadShift = LEAD_SHIFT
  for (const p of profiles) {
    const tokens = p.tokens
    const epochs = parsedList(tokens).epochs
    const fired = firedFor(state.fired, p.profileId)
    const snoozed = snoozes.get(p.profileId)
    const prefix = `${p.profileId}/`
    for (let i = 0; i < tokens.length; i++) {
      const bits = bitsOf(epochs, i * fields, nowMs, config)
      const mask = bits & reasonMask
      // Healthy and revoked tokens never remind; expired ones remind about expiry only.
      if (mask <= 1) continue
      const expired = mask === 2
      const lead = bits >> leadShift
      const expiry = rules.expiry && (expired || lead > 0)
      const rotation = !expired && rules.rotation && (mask & 8) !== 0
      const neverUsed = (mask & 32) !== 0
      const stale = !expired && rules.stale && (mask & 48) !== 0
      if (!expiry && !rotation && !stale) continue
      const t = tokens[i] as ApiKey
      if (snoozed?.has(t.id)) continue
      const firedHere = fired?.get(t.id)
      const tokenKey = prefix + t.id
      if (expiry) {
        const suffix = expirySuffix[expired ? 0 : lead] as string
        if (!firedHere?.includes(suffix)) {
          keys.push(tokenKey + suffix)
          if (expired) counts.expired++
          else counts.expiring++
          if (keys.length <= DIGEST_THRESHOLD) first.push(dueReminder(p, t, keys, 'expiry', expired ? 0 : (config.leadTimesDays[lead - 1] as number)))
        }
      }
      if (rotation && !firedHere?.includes(rotationSuffix)) {
        keys.push(tokenKey + rotationSuffix)
        counts.rotation++
        if (keys.length <= DIGEST_THRESHOLD) first.push(dueReminder(p, t, keys, 'rotation', settings.rotationAgeDays))
      }
      if (stale) {
        const suffix = neverUsed ? neverUsedSuffix : staleSuffix
        if (!firedHere?.includes(suffix)) {
          keys.push(tokenKey + suffix)
          counts.stale++
          if (keys.length <= DIGEST_THRESHOLD) first.push(dueReminder(p, t, keys, 'stale', neverUsed ? settings.neverUsedGraceDays : settings.staleDays))
        }
      }
    }
  }
  const dueCount = keys.length
  if (dueCount === 0) return { dueCount, due: [], notifications: [], state }
  const digest = dueCount > DIGEST_THRESHOLD
  const notifications: ReminderNotification[] = digest
    ? [{ id: `digest-${nowMs}`, title: `${dueCount} tokens need attention`, body: summarize(counts), target: null }]
    : first.map((r) => ({ id: r.key, ...describe(r), target: { profileId: r.profileId, tokenId: r.tokenId } }))
  // Expired snoozes are dropped so the state does not grow forever.
  const snoozed: Record<string, string> = {}
  for (const [k, v] of Object.entries(state.snoozed)) if (parseIso(v) > nowMs) snoozed[k] = v
  return { dueCount, due: digest ? [] : first, notifications, state: { fired: state.fired.concat(keys), snoozed } }
}

/** The reminder whose key was pushed last, in full (for the few shown one by one). */
function dueReminder(p: ProfileTokens, t: ApiKey, keys: readonly string[], rule: ReminderRule, threshold: number): DueReminder {
  const key = keys[keys.length - 1] as string
  return { key, profileId: p.profileId, profileName: p.profileName, tokenId: t.id, tokenName: t.name, rule, threshold, neverUsed: t.lastUsed === null }
}

/** profileId → ids of its tokens snoozed at `nowMs` (a handful: looked up per token only where any). */
function activeSnoozes(snoozed: Readonly<Record<string, string>>, nowMs: number): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const [key, until] of Object.entries(snoozed)) {
    const slash = key.lastIndexOf('/')
    if (slash < 0 || !(parseIso(until) > nowMs)) continue
    const profileId = key.slice(0, slash)
    let ids = out.get(profileId)
    if (!ids) out.set(profileId, (ids = new Set()))
    ids.add(key.slice(slash + 1))
  }
  return out
}

/**
 * The fired set of one profile as token id → the suffixes (`/<rule>/<threshold>`) fired for it,
 * built once per fired array and profile: checking a candidate is then a lookup by the token's id,
 * not a key string built and hashed for every candidate of a 100,000-token list.
 */
const firedIndexes = new WeakMap<readonly string[], Map<string, ReadonlyMap<string, readonly string[]>>>()

function firedFor(fired: readonly string[], profileId: string): ReadonlyMap<string, readonly string[]> | null {
  if (fired.length === 0) return null
  let byProfile = firedIndexes.get(fired)
  if (!byProfile) firedIndexes.set(fired, (byProfile = new Map()))
  let index = byProfile.get(profileId)
  if (!index) {
    const prefix = `${profileId}/`
    const m = new Map<string, string[]>()
    for (const key of fired) {
      if (!key.startsWith(prefix)) continue
      // Token ids never contain a slash (TOKEN_ID_RE): the next one starts the suffix.
      const slash = key.indexOf('/', prefix.length)
      if (slash < 0) continue
      const id = key.slice(prefix.length, slash)
      const suffixes = m.get(id)
      if (suffixes) suffixes.push(key.slice(slash))
      else m.set(id, [key.slice(slash)])
    }
    byProfile.set(profileId, (index = m))
  }
  return index
}

function summarize(c: DueCounts): string {
  const parts: string[] = []
  if (c.expired) parts.push(`${c.expired} expired`)
  if (c.expiring) parts.push(`${c.expiring} expiring soon`)
  if (c.rotation) parts.push(`${c.rotation} due for rotation`)
  if (c.stale) parts.push(`${c.stale} unused`)
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
