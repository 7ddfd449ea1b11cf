/**
 * Reminder planning: which notifications are due now, from token health. Pure: the caller passes
 * the persisted state (fired set, snoozes) and saves the returned one, so restarts never repeat.
 */
import type { ApiKey, ReminderNotification, ReminderRule, ReminderSettings } from '../shared/models'
import { assertNever } from '../shared/errors'
import { DAY_MS, healthBits, healthConfig, LEAD_SHIFT, PARSED_FIELDS, parsedList, parseIso, REASON_MASK, REPLACING_BIT, thresholds, type Thresholds } from './health'

/** More due reminders than this become one digest. */
export const DIGEST_THRESHOLD = 3

export interface ReminderState {
  /**
   * `<profileId>/<tokenId>/<rule>/<threshold>` of every reminder already shown; an idle reminder's
   * threshold carries the last use it counted from (`/stale/90@<ISO>`): used again, a token starts a
   * new idle stretch, which reminds again when it reaches the threshold.
   */
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
  /**
   * Live tokens with a reminder due, each counted once however many of its rules came due: the
   * same "needs attention" the sidebar and the filter count (health's ATTENTION bits). Expired
   * tokens are finished, counted apart in `expired`, as the list's Expired filter does.
   */
  tokens: number
  expired: number
  expiring: number
  rotation: number
  stale: number
}

/** Per token, what is due: one bit per rule, then whether expired / never used, then the lead index. */
const DUE_EXPIRY = 1
const DUE_ROTATION = 2
const DUE_STALE = 4
const DUE_EXPIRED = 8
const DUE_NEVER_USED = 16
const DUE_LEAD_SHIFT = 5

/** The suffixes of fired keys (`/<rule>/<threshold>`), built once per plan. */
interface Suffixes {
  /** Index 0: expired; i: the i-th lead time (ascending). */
  readonly expiry: readonly string[]
  readonly rotation: string
  /** Followed by `@` and the last use (idleSuffix). */
  readonly stale: string
  readonly neverUsed: string
}

/**
 * The fired-key suffix of an idle reminder: the threshold and the last use the idle stretch began at,
 * as the API wrote it (a new use changes it; not re-parsed and re-formatted per token on every plan).
 */
function idleSuffix(suffixes: Suffixes, lastUsed: string): string {
  return `${suffixes.stale}@${lastUsed}`
}

/**
 * Plans the reminders due at `nowMs`. Each (token, rule, threshold) fires once; snoozed tokens are
 * skipped without being marked (they fire when the snooze ends); disabled rules never fire.
 * A first pass classifies every token from its list's parsed dates into bits and counts what is due
 * (the digest's words); a second builds the fired keys the persisted state needs, into an array of
 * the exact size. Objects are built only for the few reminders shown one by one.
 */
export function planReminders(profiles: readonly ProfileTokens[], settings: ReminderSettings, state: ReminderState, nowMs: number): ReminderPlan {
  const config = healthConfig(settings)
  const suffixes: Suffixes = {
    expiry: ['/expiry/0', ...config.leadTimesDays.map((d) => `/expiry/${d}`)],
    rotation: `/rotation/${settings.rotationAgeDays}`,
    stale: `/stale/${settings.staleDays}`,
    neverUsed: `/stale/${settings.neverUsedGraceDays}n`,
  }
  const counts: DueCounts = { tokens: 0, expired: 0, expiring: 0, rotation: 0, stale: 0 }
  const snoozes = activeSnoozes(state.snoozed, nowMs)
  const dues = profiles.map((p) => dueInProfile(p, settings, state.fired, snoozes.get(p.profileId), suffixes, thresholds(config), nowMs, counts))
  const dueCount = counts.expired + counts.expiring + counts.rotation + counts.stale
  if (dueCount === 0) return { dueCount, due: [], notifications: [], state }
  const fired = new Array<string>(state.fired.length + dueCount)
  for (let i = 0; i < state.fired.length; i++) fired[i] = state.fired[i] as string
  let next = state.fired.length
  for (let pi = 0; pi < profiles.length; pi++) next = firedKeys(profiles[pi] as ProfileTokens, dues[pi] as Uint16Array, suffixes, fired, next)
  const digest = dueCount > DIGEST_THRESHOLD
  const due = digest ? [] : dueReminders(profiles, dues, fired.slice(state.fired.length), config.leadTimesDays, settings)
  const notifications: ReminderNotification[] = digest
    ? [{ id: `digest-${nowMs}`, title: digestTitle(counts), body: summarize(counts), target: null }]
    : due.map((r) => ({ id: r.key, ...describe(r), target: { profileId: r.profileId, tokenId: r.tokenId } }))
  // Expired snoozes are dropped so the state does not grow forever.
  const snoozed: Record<string, string> = {}
  for (const [k, v] of Object.entries(state.snoozed)) if (parseIso(v) > nowMs) snoozed[k] = v
  return { dueCount, due, notifications, state: { fired, snoozed } }
}

/** Pass 1 for one profile: per token, the DUE_* bits of what is newly due (0 for most); adds to `counts`. */
function dueInProfile(
  p: ProfileTokens,
  settings: ReminderSettings,
  firedKeys: readonly string[],
  snoozed: ReadonlySet<string> | undefined,
  suffixes: Suffixes,
  th: Thresholds,
  nowMs: number,
  counts: DueCounts,
): Uint16Array {
  const tokens = p.tokens
  const epochs = parsedList(tokens).epochs
  const fired = firedFor(firedKeys, p.profileId)
  const rules = settings.rules
  const out = new Uint16Array(tokens.length)
  // Imported bindings read once: under tsx (the bench, tests) each read in the loop is a getter call.
  const bitsOf = healthBits
  const fields = PARSED_FIELDS
  const reasonMask = REASON_MASK
  const leadShift = LEAD_SHIFT
  for (let i = 0; i < tokens.length; i++) {
    const bits = bitsOf(epochs, i * fields, nowMs, th)
    const mask = bits & reasonMask
    // Healthy and revoked tokens never remind, nor one being replaced by a rotation; expired ones remind about expiry only.
    if (mask <= 1 || mask === REPLACING_BIT) continue
    const expired = mask === 2
    const lead = bits >> leadShift
    let due = (rules.expiry && (expired || lead > 0) ? DUE_EXPIRY : 0) | (expired ? DUE_EXPIRED : (rules.rotation && (mask & 8) !== 0 ? DUE_ROTATION : 0) | (rules.stale && (mask & 48) !== 0 ? DUE_STALE : 0))
    if ((due & 7) === 0) continue
    if (snoozed !== undefined || fired !== null) {
      const id = (tokens[i] as ApiKey).id
      if (snoozed?.has(id)) continue
      const firedHere = fired?.get(id)
      if (firedHere !== undefined) {
        if (firedHere.includes(suffixes.expiry[expired ? 0 : lead] as string)) due &= ~DUE_EXPIRY
        if (firedHere.includes(suffixes.rotation)) due &= ~DUE_ROTATION
        if (due & DUE_STALE && firedHere.includes((mask & 32) !== 0 ? suffixes.neverUsed : idleSuffix(suffixes, (tokens[i] as ApiKey).lastUsed as string))) due &= ~DUE_STALE
        if ((due & 7) === 0) continue
      }
    }
    if (due & DUE_EXPIRY) {
      if (expired) counts.expired++
      else counts.expiring++
    }
    if (!expired) counts.tokens++
    if (due & DUE_ROTATION) counts.rotation++
    if (due & DUE_STALE) counts.stale++
    out[i] = due | ((mask & 32) !== 0 ? DUE_NEVER_USED : 0) | (lead << DUE_LEAD_SHIFT)
  }
  return out
}

/** Pass 2 for one profile: writes the fired key of each due reminder into `fired` from `next`; returns the next free index. */
function firedKeys(p: ProfileTokens, due: Uint16Array, suffixes: Suffixes, fired: string[], next: number): number {
  const prefix = `${p.profileId}/`
  for (let i = 0; i < due.length; i++) {
    const d = due[i] as number
    if (d === 0) continue
    const tokenKey = prefix + (p.tokens[i] as ApiKey).id
    if (d & DUE_EXPIRY) fired[next++] = tokenKey + (suffixes.expiry[d & DUE_EXPIRED ? 0 : d >> DUE_LEAD_SHIFT] as string)
    if (d & DUE_ROTATION) fired[next++] = tokenKey + suffixes.rotation
    if (d & DUE_STALE) fired[next++] = tokenKey + (d & DUE_NEVER_USED ? suffixes.neverUsed : idleSuffix(suffixes, (p.tokens[i] as ApiKey).lastUsed as string))
  }
  return next
}

/** The due reminders in full, in fired-key order (only when few enough to show one by one). */
function dueReminders(profiles: readonly ProfileTokens[], dues: readonly Uint16Array[], keys: readonly string[], leads: readonly number[], settings: ReminderSettings): DueReminder[] {
  const out: DueReminder[] = []
  profiles.forEach((p, pi) => {
    ;(dues[pi] as Uint16Array).forEach((d, i) => {
      if (d === 0) return
      const t = p.tokens[i] as ApiKey
      const reminder = (rule: ReminderRule, threshold: number): DueReminder => ({
        key: keys[out.length] as string,
        profileId: p.profileId,
        profileName: p.profileName,
        tokenId: t.id,
        tokenName: t.name,
        rule,
        threshold,
        neverUsed: t.lastUsed === null,
      })
      if (d & DUE_EXPIRY) out.push(reminder('expiry', d & DUE_EXPIRED ? 0 : (leads[(d >> DUE_LEAD_SHIFT) - 1] as number)))
      if (d & DUE_ROTATION) out.push(reminder('rotation', settings.rotationAgeDays))
      if (d & DUE_STALE) out.push(reminder('stale', d & DUE_NEVER_USED ? settings.neverUsedGraceDays : settings.staleDays))
    })
  })
  return out
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

/**
 * Tokens, not reminders, and the attention of the sidebar: a token due for rotation and unused is
 * one token needing attention; expired tokens are not "needing attention" anywhere, so they are
 * named apart ("3 tokens need attention, 1 expired").
 */
function digestTitle(c: DueCounts): string {
  const attention = `${c.tokens} ${c.tokens === 1 ? 'token needs' : 'tokens need'} attention`
  if (c.expired === 0) return attention
  // Expired tokens remind about expiry only, so a digest (over 3 reminders) without live ones names several.
  return c.tokens === 0 ? `${c.expired} tokens expired` : `${attention}, ${c.expired} expired`
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
