import type { RunPlan } from './stats'

/** What every metric gets from the runner. */
export interface BenchContext {
  /** --quick: fewer runs, targets reported but not enforced. */
  readonly quick: boolean
  /** Sample counts for cheap in-process work (hundreds of ms per sample at most). */
  readonly cheap: RunPlan
  /** Sample counts for expensive work (a page load, a 5 s load test). */
  readonly costly: RunPlan
  /** Progress on stderr, so stdout stays the table and the JSON lines. */
  log(message: string): void
}
