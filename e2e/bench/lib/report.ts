/** The bench's output: a table for people, one JSON line per figure for machines. */

export interface MetricResult {
  /** The row of the issue's table (1–9). */
  readonly id: number
  /** Stable machine name, e.g. `list-10k-tokens`. */
  readonly metric: string
  /** What was measured, in words. */
  readonly label: string
  readonly value: number
  readonly unit: string
  /** The same work done the bare way in the same run, or null where the issue names none. */
  readonly baseline: number | null
  /** value / baseline, or null without a baseline. */
  readonly ratio: number | null
  /** The target in words, e.g. `≤ 1.3× baseline and ≤ 1000 ms`. */
  readonly target: string
  readonly pass: boolean
  /** Samples behind the median (1 for a deterministic figure such as a byte count). */
  readonly runs: number
  /** Spread of the kept samples, so a reader can judge the noise. */
  readonly min?: number
  readonly max?: number
}

/** Rounds for display and JSON: 3 significant decimals is well below the noise of any figure here. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value
  const abs = Math.abs(value)
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 3
  return Number(value.toFixed(digits))
}

export function ratioOf(value: number, baseline: number | null): number | null {
  return baseline === null || baseline === 0 ? null : value / baseline
}

/** The JSON line the issue specifies, with exactly its keys. */
export function jsonLine(r: MetricResult): string {
  return JSON.stringify({
    metric: r.metric,
    value: round(r.value),
    unit: r.unit,
    baseline: r.baseline === null ? null : round(r.baseline),
    ratio: r.ratio === null ? null : round(r.ratio),
    target: r.target,
    pass: r.pass,
  })
}

function fmt(value: number | null, unit = ''): string {
  if (value === null) return '—'
  return `${round(value)}${unit ? ` ${unit}` : ''}`
}

/** A fixed-width text table, one row per figure. */
export function table(results: readonly MetricResult[]): string {
  const header = ['#', 'metric', 'value', 'baseline', 'ratio', 'target', 'pass', 'runs', 'spread (min–max)']
  const rows = results.map((r) => [
    String(r.id),
    r.label,
    fmt(r.value, r.unit),
    fmt(r.baseline, r.unit),
    r.ratio === null ? '—' : `${round(r.ratio)}×`,
    r.target,
    r.pass ? 'pass' : 'FAIL',
    String(r.runs),
    r.min !== undefined && r.max !== undefined ? `${round(r.min)}–${round(r.max)}` : '—',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)))
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}
