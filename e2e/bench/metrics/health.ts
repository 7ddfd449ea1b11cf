/**
 * Metric 2: health + due reminders for 100,000 tokens, the way the core runs a reminder check on a
 * list that has arrived (its dates parsed once on arrival, as the API client does): planReminders
 * classifies every token and folds the due reminders into one digest, with the default settings and
 * an empty fired set (the worst case: every due reminder is new and gets a fired key).
 *
 * Baseline, in the same process and run: one pass over the same tokens' dates, precomputed as
 * numbers, comparing them against the same thresholds and counting the due reminders — the work
 * that cannot be avoided. Both must count the same reminders. Both sides are timed in CPU time
 * (cpuMs): synchronous in-process work, where wall time on a shared machine measures the scheduler.
 */
import { DAY_MS, parsedList } from '../../../src-main/core/health'
import { EMPTY_REMINDER_STATE, planReminders } from '../../../src-main/core/reminders'
import { DEFAULT_SETTINGS, type ApiKey, type ReminderSettings } from '../../../src-main/shared/models'
import { benchKeySpecs } from '../lib/bench-keys'
import type { BenchContext } from '../lib/context'
import { pairedFigure, type MetricResult } from '../lib/report'
import { cpuMs } from '../lib/stats'

const TOKENS = 100_000
/**
 * A pause before each sample. The app checks reminders every 30 minutes; samples run back to back
 * would each pay for collecting the previous one's garbage (103,597 fired keys): measured 17.6 ms
 * median back to back against 6.2 ms with 20 ms between (V8 finishes that work while idle).
 */
const SETTLE_MS = 50
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
const TARGET_RATIO = 10
const TARGET_MS = 25

/** The bench keys as the API client returns them (status as the server would compute it). */
function benchApiKeys(count: number, nowMs: number): ApiKey[] {
  return benchKeySpecs(count, nowMs).map((s, i) => {
    const expired = s.expiresAt != null && Date.parse(s.expiresAt) <= nowMs
    return {
      id: `key_bench${String(i).padStart(6, '0')}`,
      name: s.name,
      prefix: 'sk_test_',
      hint: String(i % 10_000).padStart(4, '0'),
      scopes: s.scopes,
      createdAt: s.createdAt as string,
      lastUsed: s.lastUsed ?? null,
      expiresAt: s.expiresAt ?? null,
      revokedAt: s.revokedAt ?? null,
      status: s.revokedAt ? 'revoked' : expired ? 'expired' : 'active',
      allowedIps: [],
    }
  })
}

/** The tokens' dates as plain numbers (Date.parse, independent of the code under test), one array per field. */
interface Columns {
  readonly created: Float64Array
  readonly expires: Float64Array
  readonly revoked: Float64Array
  readonly lastUsed: Float64Array
  readonly finished: Uint8Array
}

function columns(keys: readonly ApiKey[]): Columns {
  const n = keys.length
  const c = { created: new Float64Array(n), expires: new Float64Array(n), revoked: new Float64Array(n), lastUsed: new Float64Array(n), finished: new Uint8Array(n) }
  keys.forEach((k, i) => {
    c.created[i] = Date.parse(k.createdAt)
    c.expires[i] = k.expiresAt === null ? NaN : Date.parse(k.expiresAt)
    c.revoked[i] = k.revokedAt === null ? NaN : Date.parse(k.revokedAt)
    c.lastUsed[i] = k.lastUsed === null ? NaN : Date.parse(k.lastUsed)
    c.finished[i] = k.status === 'revoked' ? 2 : k.status === 'expired' ? 1 : 0
  })
  return c
}

/** The baseline: one pass comparing numbers against the thresholds, counting due reminders. */
function bareDueCount(c: Columns, nowMs: number, s: ReminderSettings): number {
  const lead = Math.max(...s.leadTimesDays) * DAY_MS
  const rotation = s.rotationAgeDays * DAY_MS
  const grace = s.neverUsedGraceDays * DAY_MS
  const idleBefore = nowMs - s.staleDays * DAY_MS
  let due = 0
  for (let i = 0; i < c.created.length; i++) {
    if (c.finished[i] === 2 || (c.revoked[i] as number) <= nowMs) continue
    const expires = c.expires[i] as number
    if (c.finished[i] === 1 || expires <= nowMs) {
      due++
      continue
    }
    if (expires - nowMs <= lead) due++
    const age = nowMs - (c.created[i] as number)
    if (age >= rotation) due++
    const lastUsed = c.lastUsed[i] as number
    if (lastUsed !== lastUsed ? age >= grace : lastUsed <= idleBefore) due++
  }
  return due
}

export async function benchHealth(ctx: BenchContext): Promise<MetricResult[]> {
  const nowMs = Date.now()
  const keys = benchApiKeys(TOKENS, nowMs)
  const settings = DEFAULT_SETTINGS.reminders
  // As the API client does when the list arrives: its dates are parsed once, before any check.
  parsedList(keys)
  const cols = columns(keys)
  let due = 0
  let bareDue = 0
  // Each sample is milliseconds or less: many samples and warm-ups cost little and steady the median
  // (the app runs this code on every list fetch, so it is warm when a reminder check runs).
  const plan = ctx.quick ? { warmup: 5, runs: 7 } : { warmup: 10, runs: 31 }
  const result = await pairedFigure(
    { id: 2, metric: 'health-reminders-100k', label: 'Health + due reminders, 100,000 tokens (CPU)', unit: 'ms', target: { maxRatio: TARGET_RATIO, max: TARGET_MS } },
    plan,
    async () => (await settle(), cpuMs(() => (due = planReminders([{ profileId: 'prf_bench', profileName: 'Bench', tokens: keys }], settings, EMPTY_REMINDER_STATE, nowMs).dueCount))),
    async () => (await settle(), cpuMs(() => (bareDue = bareDueCount(cols, nowMs, settings)))),
  )
  if (due !== bareDue) throw new Error(`planReminders found ${due} due reminders, the baseline ${bareDue}: they must do the same work`)
  ctx.log(`2: ${due} reminders due among ${TOKENS} tokens`)
  return [result]
}
