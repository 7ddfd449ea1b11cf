/**
 * Reminder planning: which notifications are due now, from token health. Pure: the caller passes
 * the persisted state (fired set, snoozes) and saves the returned one, so restarts never repeat.
 */
import type { ApiKey, ReminderNotification, ReminderRule, ReminderSettings } from '../shared/models'
import { assertNever } from '../shared/errors'
import { DAY_MS, healthBits, healthConfig, LEAD_SHIFT, PARSED_FIELDS, parsedList, parseIso, REASON_MASK, REPLACING_BIT, thresholds, type Thresholds } from './health'

/** More due reminders than this become one digest. */
export const DIGEST_THRESHOLD = 3

/**
 * The reminders already shown for one profile and one rule threshold: the tokens they were about.
 * Grouped, not one key string per reminder: a first check of 100,000 tokens fires ~90,000 reminders,
 * and a string per reminder was most of that check's cost and of the state file's size.
 */
export interface FiredGroup {
  readonly profileId: string
  /** `expiry/0` (expired), `expiry/<lead days>`, `rotation/<age days>`, `stale/<idle days>`, `stale/<grace days>n` (never used). */
  readonly rule: string
  readonly tokenIds: readonly string[]
  /**
   * Idle reminders (`stale/<days>`) only: per token, the last use (epoch ms) its idle stretch began
   * at. Used again later, a token starts a new idle stretch, which reminds again at the threshold.
   */
  readonly lastUsedMs?: readonly number[]
}

export interface ReminderState {
  readonly fired: readonly FiredGroup[]
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

/** The rules of fired groups (`<rule>/<threshold>`), built once per plan; a profile's groups are numbered in this order. */
interface Rules {
  /** Index 0: expired; i: the i-th lead time (ascending). */
  readonly expiry: readonly string[]
  readonly rotation: string
  readonly stale: string
  readonly neverUsed: string
  /** Every rule: the expiry ones, then rotation, idle and never used (GROUP_* offsets from expiry.length). */
  readonly all: readonly string[]
}

const GROUP_ROTATION = 0
const GROUP_STALE = 1
const GROUP_NEVER_USED = 2

/**
 * Plans the reminders due at `nowMs`. Each (token, rule, threshold) fires once; snoozed tokens are
 * skipped without being marked (they fire when the snooze ends); disabled rules never fire.
 * A first pass classifies every token from its list's parsed dates into bits and counts what is due
 * (the digest's words) and how many tokens each fired group gets; a second fills the groups, arrays
 * of the exact size holding the tokens' own id strings. Objects are built only for the few
 * reminders shown one by one.
 */
export function planReminders(profiles: readonly ProfileTokens[], settings: ReminderSettings, state: ReminderState, nowMs: number): ReminderPlan {
  const config = healthConfig(settings)
  const expiry = ['expiry/0', ...config.leadTimesDays.map((d) => `expiry/${d}`)]
  const rotation = `rotation/${settings.rotationAgeDays}`
  const stale = `stale/${settings.staleDays}`
  const neverUsed = `stale/${settings.neverUsedGraceDays}n`
  const rules: Rules = { expiry, rotation, stale, neverUsed, all: [...expiry, rotation, stale, neverUsed] }
  const counts: DueCounts = { tokens: 0, expired: 0, expiring: 0, rotation: 0, stale: 0 }
  const snoozes = activeSnoozes(state.snoozed, nowMs)
  const sizes = profiles.map(() => new Int32Array(rules.all.length))
  const dues = profiles.map((p, pi) => dueInProfile(p, settings, state.fired, snoozes.get(p.profileId), rules, thresholds(config), nowMs, counts, sizes[pi] as Int32Array))
  const dueCount = counts.expired + counts.expiring + counts.rotation + counts.stale
  if (dueCount === 0) return { dueCount, due: [], notifications: [], state }
  const added: FiredGroup[] = []
  for (let pi = 0; pi < profiles.length; pi++) firedGroups(profiles[pi] as ProfileTokens, dues[pi] as Uint16Array, rules, sizes[pi] as Int32Array, added)
  const digest = dueCount > DIGEST_THRESHOLD
  const due = digest ? [] : dueReminders(profiles, dues, rules, config.leadTimesDays, settings)
  const notifications: ReminderNotification[] = digest
    ? [{ id: `digest-${nowMs}`, title: digestTitle(counts), body: summarize(counts), target: null }]
    : due.map((r) => ({ id: r.key, ...describe(r), target: { profileId: r.profileId, tokenId: r.tokenId } }))
  // Expired snoozes are dropped so the state does not grow forever.
  const snoozed: Record<string, string> = {}
  for (const [k, v] of Object.entries(state.snoozed)) if (parseIso(v) > nowMs) snoozed[k] = v
  return { dueCount, due, notifications, state: { fired: mergeGroups(state.fired, added), snoozed } }
}

/**
 * Pass 1 for one profile: per token, the DUE_* bits of what is newly due (0 for most); adds to
 * `counts`, and to `sizes` the tokens each of the profile's fired groups gets (numbered as `rules.all`).
 */
function dueInProfile(
  p: ProfileTokens,
  settings: ReminderSettings,
  firedGroups: readonly FiredGroup[],
  snoozed: ReadonlySet<string> | undefined,
  rules: Rules,
  th: Thresholds,
  nowMs: number,
  counts: DueCounts,
  sizes: Int32Array,
): Uint16Array {
  const tokens = p.tokens
  const { epochs, ids } = parsedList(tokens)
  const fired = firedFor(firedGroups, p.profileId)
  const expiryFired = fired && rules.expiry.map((r) => fired.get(r))
  const rotationFired = fired?.get(rules.rotation)
  const staleFired = fired?.get(rules.stale)
  const neverUsedFired = fired?.get(rules.neverUsed)
  const enabled = settings.rules
  const out = new Uint16Array(tokens.length)
  // Imported bindings read once: under tsx (the bench, tests) each read in the loop is a getter call.
  const bitsOf = healthBits
  const fields = PARSED_FIELDS
  const reasonMask = REASON_MASK
  const leadShift = LEAD_SHIFT
  const groupBase = rules.expiry.length
  for (let i = 0; i < tokens.length; i++) {
    const bits = bitsOf(epochs, i * fields, nowMs, th)
    const mask = bits & reasonMask
    // Healthy and revoked tokens never remind, nor one being replaced by a rotation; expired ones remind about expiry only.
    if (mask <= 1 || mask === REPLACING_BIT) continue
    const expired = mask === 2
    const lead = bits >> leadShift
    const never = (mask & 32) !== 0
    let due = (enabled.expiry && (expired || lead > 0) ? DUE_EXPIRY : 0) | (expired ? DUE_EXPIRED : (enabled.rotation && (mask & 8) !== 0 ? DUE_ROTATION : 0) | (enabled.stale && (mask & 48) !== 0 ? DUE_STALE : 0))
    if ((due & 7) === 0) continue
    if (snoozed !== undefined || fired !== null) {
      const id = ids[i] as string
      if (snoozed?.has(id)) continue
      if (expiryFired?.[expired ? 0 : lead]?.has(id)) due &= ~DUE_EXPIRY
      if (rotationFired?.has(id)) due &= ~DUE_ROTATION
      if (due & DUE_STALE) {
        // An idle reminder fired for this stretch when no use came after the one it counted from.
        const firedAt = never ? (neverUsedFired?.has(id) ? 0 : undefined) : staleFired?.get(id)
        if (firedAt !== undefined && (never || (epochs[i * fields + 3] as number) <= firedAt)) due &= ~DUE_STALE
      }
      if ((due & 7) === 0) continue
    }
    if (due & DUE_EXPIRY) {
      if (expired) counts.expired++
      else counts.expiring++
      bump(sizes, expired ? 0 : lead)
    }
    if (!expired) counts.tokens++
    if (due & DUE_ROTATION) {
      counts.rotation++
      bump(sizes, groupBase + GROUP_ROTATION)
    }
    if (due & DUE_STALE) {
      counts.stale++
      bump(sizes, groupBase + (never ? GROUP_NEVER_USED : GROUP_STALE))
    }
    out[i] = due | (never ? DUE_NEVER_USED : 0) | (lead << DUE_LEAD_SHIFT)
  }
  return out
}

/** Adds one to `counts[i]`; returns the count before. */
function bump(counts: Int32Array, i: number): number {
  const n = counts[i] as number
  counts[i] = n + 1
  return n
}

/** Pass 2 for one profile: the fired groups of what came due, appended to `out`. */
function firedGroups(p: ProfileTokens, due: Uint16Array, rules: Rules, sizes: Int32Array, out: FiredGroup[]): void {
  // Stryker disable next-line ArrayDeclaration: equivalent — the size only spares the arrays from growing.
  const groups = Array.from(sizes, (n) => (n > 0 ? new Array<string>(n) : null))
  const groupBase = rules.expiry.length
  const idleAt = groupBase + GROUP_STALE
  // Stryker disable next-line ArrayDeclaration: equivalent, as above.
  const idleLastUsed = sizes[idleAt] ? new Array<number>(sizes[idleAt] as number) : null
  const next = new Int32Array(sizes.length)
  const { epochs, ids } = parsedList(p.tokens)
  const fields = PARSED_FIELDS
  const add = (g: number, id: string) => ((groups[g] as string[])[bump(next, g)] = id)
  for (let i = 0; i < due.length; i++) {
    const d = due[i] as number
    if (d === 0) continue
    const id = ids[i] as string
    if (d & DUE_EXPIRY) add(d & DUE_EXPIRED ? 0 : d >> DUE_LEAD_SHIFT, id)
    if (d & DUE_ROTATION) add(groupBase + GROUP_ROTATION, id)
    if (d & DUE_STALE) {
      if (d & DUE_NEVER_USED) add(groupBase + GROUP_NEVER_USED, id)
      else {
        ;(idleLastUsed as number[])[next[idleAt] as number] = epochs[i * fields + 3] as number
        add(idleAt, id)
      }
    }
  }
  groups.forEach((tokenIds, g) => {
    if (!tokenIds) return
    const group = { profileId: p.profileId, rule: rules.all[g] as string, tokenIds }
    out.push(g === idleAt ? { ...group, lastUsedMs: idleLastUsed as number[] } : group)
  })
}

/** A fired group's identity: its profile and rule. */
function groupKey(profileId: string, rule: string): string {
  return `${profileId}\u0000${rule}`
}

/** The fired groups with what a plan added: each added group joins the earlier one of its profile and rule. */
function mergeGroups(before: readonly FiredGroup[], added: readonly FiredGroup[]): readonly FiredGroup[] {
  const key = (g: FiredGroup) => groupKey(g.profileId, g.rule)
  const byKey = new Map(added.map((g) => [key(g), g]))
  const merged = before.map((g) => {
    const more = byKey.get(key(g))
    if (!more) return g
    byKey.delete(key(g))
    const tokenIds = g.tokenIds.concat(more.tokenIds)
    return g.lastUsedMs || more.lastUsedMs ? { ...g, tokenIds, lastUsedMs: (g.lastUsedMs ?? []).concat(more.lastUsedMs ?? []) } : { ...g, tokenIds }
  })
  return [...merged, ...byKey.values()]
}

/** The due reminders in full, profile by profile (only when few enough to show one by one). */
function dueReminders(profiles: readonly ProfileTokens[], dues: readonly Uint16Array[], rules: Rules, leads: readonly number[], settings: ReminderSettings): DueReminder[] {
  const out: DueReminder[] = []
  profiles.forEach((p, pi) => {
    ;(dues[pi] as Uint16Array).forEach((d, i) => {
      if (d === 0) return
      const t = p.tokens[i] as ApiKey
      const reminder = (rule: ReminderRule, firedRule: string, threshold: number): DueReminder => ({
        // The notification's id; an idle one names the stretch, as a new stretch reminds again.
        key: `${p.profileId}/${t.id}/${firedRule}${firedRule === rules.stale ? `@${t.lastUsed}` : ''}`,
        profileId: p.profileId,
        profileName: p.profileName,
        tokenId: t.id,
        tokenName: t.name,
        rule,
        threshold,
        neverUsed: t.lastUsed === null,
      })
      const lead = d & DUE_EXPIRED ? 0 : d >> DUE_LEAD_SHIFT
      if (d & DUE_EXPIRY) out.push(reminder('expiry', rules.expiry[lead] as string, lead === 0 ? 0 : (leads[lead - 1] as number)))
      if (d & DUE_ROTATION) out.push(reminder('rotation', rules.rotation, settings.rotationAgeDays))
      if (d & DUE_STALE) out.push(d & DUE_NEVER_USED ? reminder('stale', rules.neverUsed, settings.neverUsedGraceDays) : reminder('stale', rules.stale, settings.staleDays))
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
 * The fired groups of one profile as rule → token id → the last use an idle reminder counted from
 * (0 for the other rules), built once per fired array and profile: checking a candidate is then a
 * lookup by the token's id.
 */
const firedIndexes = new WeakMap<readonly FiredGroup[], Map<string, ReadonlyMap<string, ReadonlyMap<string, number>>>>()

function firedFor(fired: readonly FiredGroup[], profileId: string): ReadonlyMap<string, ReadonlyMap<string, number>> | null {
  if (fired.length === 0) return null
  let byProfile = firedIndexes.get(fired)
  if (!byProfile) firedIndexes.set(fired, (byProfile = new Map()))
  let index = byProfile.get(profileId)
  if (!index) {
    const m = new Map<string, Map<string, number>>()
    for (const g of fired) {
      if (g.profileId !== profileId) continue
      let ids = m.get(g.rule)
      if (!ids) m.set(g.rule, (ids = new Map()))
      const lastUsed = g.lastUsedMs
      for (let i = 0; i < g.tokenIds.length; i++) {
        const id = g.tokenIds[i] as string
        // A token reminded in two idle stretches: the later one counts.
        ids.set(id, Math.max(lastUsed?.[i] ?? 0, ids.get(id) ?? 0))
      }
    }
    byProfile.set(profileId, (index = m))
  }
  return index.size > 0 ? index : null
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
  let changed = false
  const fired: FiredGroup[] = []
  for (const g of state.fired) {
    if (g.profileId !== profileId) {
      fired.push(g)
      continue
    }
    const tokenIds: string[] = []
    const lastUsedMs: number[] = []
    g.tokenIds.forEach((id, i) => {
      if (!liveIds.has(id)) return
      tokenIds.push(id)
      if (g.lastUsedMs) lastUsedMs.push(g.lastUsedMs[i] as number)
    })
    if (tokenIds.length === g.tokenIds.length) fired.push(g)
    else {
      changed = true
      if (tokenIds.length > 0) fired.push(g.lastUsedMs ? { ...g, tokenIds, lastUsedMs } : { ...g, tokenIds })
    }
  }
  return changed ? { ...state, fired } : state
}

/**
 * The fired groups of a fired set written before groups (schema version 2): one key per reminder,
 * `<profileId>/<tokenId>/<rule>/<threshold>`, an idle one ending in `@<ISO last use>` or, older
 * still, in nothing: that one counts as fired for every use up to `legacyIdleMs` (the upgrade), so
 * upgrading never repeats a reminder. A key that is none of these is dropped.
 */
export function firedGroupsOfKeys(keys: readonly string[], legacyIdleMs: number): FiredGroup[] {
  const groups = new Map<string, { profileId: string; rule: string; tokenIds: string[]; lastUsedMs?: number[] }>()
  for (const key of keys) {
    const m = /^([^/]+)\/([^/]+)\/(expiry\/\d+|rotation\/\d+|stale\/\d+n?)(?:@(.+))?$/.exec(key)
    if (!m) continue
    const [, profileId, tokenId, rule, since] = m as unknown as [string, string, string, string, string | undefined]
    const idle = /^stale\/\d+$/.test(rule)
    const lastUsed = since === undefined ? legacyIdleMs : parseIso(since)
    if ((since !== undefined && !idle) || Number.isNaN(lastUsed)) continue
    const k = groupKey(profileId, rule)
    let g = groups.get(k)
    if (!g) groups.set(k, (g = idle ? { profileId, rule, tokenIds: [], lastUsedMs: [] } : { profileId, rule, tokenIds: [] }))
    g.tokenIds.push(tokenId)
    g.lastUsedMs?.push(lastUsed)
  }
  return [...groups.values()]
}
