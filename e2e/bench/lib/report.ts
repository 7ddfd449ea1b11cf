/**
 * The bench's output: every figure is built here, by `figure`, from its raw samples (and its
 * baseline's, measured in the same run), so medians, spreads, ratios, targets, pass/fail and the
 * load around the measurement are computed one way for every metric. Printed as a table for
 * people and one JSON line per figure for machines.
 */
import { loadavg } from 'node:os'
import { samplePair, spread, type RunPlan, type Spread } from './stats'

/** Bounds on a figure's medians; every bound given must hold for it to pass. */
export interface Target {
  /** Median of the per-run ratios subject / baseline at most this. */
  readonly maxRatio?: number
  /** … at least this (throughput: higher is better). */
  readonly minRatio?: number
  /** Median value at most this, in the figure's unit. */
  readonly max?: number
}

/** The 1-minute load average when a metric started and when its figure was built. */
export interface LoadSpan {
  readonly start: number
  readonly end: number
}

export function loadNow(): number {
  return loadavg()[0] as number
}

export interface MetricResult {
  /** The metric's id (`--only=<id>`). */
  readonly id: number
  /** Stable machine name, e.g. `list-10k-tokens`. */
  readonly metric: string
  /** What was measured, in words. */
  readonly label: string
  readonly unit: string
  /** The subject's samples: median (the figure), min, max, how many. */
  readonly value: Spread
  /** The same work done the bare way in the same run, or null where there is no natural baseline. */
  readonly baseline: Spread | null
  /** Per-run ratios subject / baseline (each run's pair measured side by side), or null. */
  readonly ratio: Spread | null
  /** The target in words, e.g. `≤ 1.05× baseline`. */
  readonly target: string
  readonly pass: boolean
  readonly load: LoadSpan
}

export interface FigureSpec {
  readonly id: number
  readonly metric: string
  readonly label: string
  readonly unit: string
  readonly target: Target
  /** The subject's kept samples (one value for a deterministic figure such as a byte count). */
  readonly samples: readonly number[]
  /** The baseline's kept samples, same length and order as `samples` (run i of each side side by side). */
  readonly baseline?: readonly number[]
  /** `loadNow()` when the metric began sampling. */
  readonly loadAtStart: number
}

function targetText(t: Target, unit: string): string {
  const parts: string[] = []
  if (t.maxRatio !== undefined) parts.push(`≤ ${t.maxRatio}× baseline`)
  if (t.minRatio !== undefined) parts.push(`≥ ${t.minRatio}× baseline`)
  if (t.max !== undefined) parts.push(`≤ ${t.max} ${unit}`)
  return parts.join(' and ')
}

/** The one place a result record is built. */
export function figure(spec: FigureSpec): MetricResult {
  const { target } = spec
  if (spec.samples.length === 0) throw new Error(`${spec.metric}: no samples`)
  const base = spec.baseline
  if (base && base.length !== spec.samples.length) throw new Error(`${spec.metric}: ${spec.samples.length} samples but ${base.length} baseline samples`)
  if ((target.maxRatio !== undefined || target.minRatio !== undefined) && !base) throw new Error(`${spec.metric}: a ratio target needs a baseline`)
  const value = spread(spec.samples)
  // Each run's pair ran side by side, so its ratio cancels the load of that moment; the median of
  // those ratios is steadier than a ratio of two medians taken at different moments.
  const ratio = base ? spread(spec.samples.map((s, i) => s / (base[i] as number))) : null
  const pass =
    (target.maxRatio === undefined || (ratio as Spread).median <= target.maxRatio) &&
    (target.minRatio === undefined || (ratio as Spread).median >= target.minRatio) &&
    (target.max === undefined || value.median <= target.max)
  return {
    id: spec.id,
    metric: spec.metric,
    label: spec.label,
    unit: spec.unit,
    value,
    baseline: base ? spread(base) : null,
    ratio,
    target: targetText(target, spec.unit),
    pass,
    load: { start: spec.loadAtStart, end: loadNow() },
  }
}

/** Rounds for display and JSON: 3 significant decimals is well below the noise of any figure here. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value
  const abs = Math.abs(value)
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 3
  return Number(value.toFixed(digits))
}

/** One JSON line per figure: the keys of issue 6 (value and baseline are medians) plus spreads and load. */
export function jsonLine(r: MetricResult): string {
  return JSON.stringify({
    metric: r.metric,
    value: round(r.value.median),
    min: round(r.value.min),
    max: round(r.value.max),
    runs: r.value.runs,
    unit: r.unit,
    baseline: r.baseline ? round(r.baseline.median) : null,
    baselineMin: r.baseline ? round(r.baseline.min) : null,
    baselineMax: r.baseline ? round(r.baseline.max) : null,
    ratio: r.ratio ? round(r.ratio.median) : null,
    ratioMin: r.ratio ? round(r.ratio.min) : null,
    ratioMax: r.ratio ? round(r.ratio.max) : null,
    target: r.target,
    pass: r.pass,
    load: [round(r.load.start), round(r.load.end)],
  })
}

const range = (s: Spread) => (s.runs > 1 ? `${round(s.min)}–${round(s.max)}` : '—')

/** A fixed-width text table, one row per figure. */
export function table(results: readonly MetricResult[]): string {
  const header = ['#', 'metric', 'median', 'min–max', 'baseline (min–max)', 'ratio (min–max)', 'target', 'pass', 'runs', 'load']
  const rows = results.map((r) => [
    String(r.id),
    r.label,
    `${round(r.value.median)} ${r.unit}`,
    range(r.value),
    r.baseline ? `${round(r.baseline.median)} (${range(r.baseline)})` : '—',
    r.ratio ? `${round(r.ratio.median)}× (${range(r.ratio)})` : '—',
    r.target,
    r.pass ? 'pass' : 'FAIL',
    String(r.value.runs),
    `${r.load.start.toFixed(1)}→${r.load.end.toFixed(1)}`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)))
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

/** A figure of a subject measured against its baseline: what `pairedFigure` needs besides the samplers. */
export type PairedSpec = Omit<FigureSpec, 'samples' | 'baseline' | 'loadAtStart'>

/**
 * The common shape of a metric with a baseline: note the load, sample subject and baseline side by
 * side (`samplePair`), build the figure. Metrics whose samples are numbers use this; the others
 * (several figures from one sample) call `samplePair` and `figure` themselves.
 */
export async function pairedFigure(spec: PairedSpec, plan: RunPlan, subject: () => Promise<number>, baseline: () => Promise<number>): Promise<MetricResult> {
  const loadAtStart = loadNow()
  const sampled = await samplePair(plan, subject, baseline)
  return figure({ ...spec, samples: sampled.subject, baseline: sampled.baseline, loadAtStart })
}
