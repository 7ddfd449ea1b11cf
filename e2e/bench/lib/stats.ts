/**
 * Sampling for a shared, noisy machine: warm-up first, then medians, and a subject measured
 * interleaved with its baseline so background load lands on both sides of the ratio.
 */
import { performance } from 'node:perf_hooks'

/** How many samples a metric takes: `runs` ≥ 5 in full mode, fewer in --quick. */
export interface RunPlan {
  readonly warmup: number
  readonly runs: number
}

/** The median and range of a set of samples. */
export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly runs: number
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length }
}

/** Milliseconds `fn` takes, with a high-resolution clock. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

/**
 * CPU milliseconds (user + system, every thread of this process: GC included) that synchronous `fn`
 * takes. For in-process work on a shared machine: wall time there also counts the slices the
 * scheduler gave other processes, which hits a long subject far more often than its short baseline.
 */
export function cpuMs(fn: () => unknown): number {
  const start = process.cpuUsage()
  fn()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

/** Runs `sample` `warmup` times (discarded), then `runs` times, and returns the kept samples. */
export async function sample<T>(plan: RunPlan, sampleOnce: () => Promise<T>): Promise<T[]> {
  for (let i = 0; i < plan.warmup; i++) await sampleOnce()
  const kept: T[] = []
  for (let i = 0; i < plan.runs; i++) kept.push(await sampleOnce())
  return kept
}

/**
 * Samples a subject and its baseline alternately (A B, B A, A B, …): the order flips every run so
 * neither side always runs first (caches, JIT, a neighbour's burst of CPU). `onRun` sees each kept
 * pair as it lands (progress for slow metrics).
 */
export async function samplePair<T>(
  plan: RunPlan,
  subject: () => Promise<T>,
  baseline: () => Promise<T>,
  onRun?: (run: number, subject: T, baseline: T) => void,
): Promise<{ subject: T[]; baseline: T[] }> {
  for (let i = 0; i < plan.warmup; i++) {
    await subject()
    await baseline()
  }
  const s: T[] = []
  const b: T[] = []
  for (let i = 0; i < plan.runs; i++) {
    let si: T
    let bi: T
    if (i % 2 === 0) {
      si = await subject()
      bi = await baseline()
    } else {
      bi = await baseline()
      si = await subject()
    }
    s.push(si)
    b.push(bi)
    onRun?.(i + 1, si, bi)
  }
  return { subject: s, baseline: b }
}

/** The mean of `times` calls of `fn` (for work too short to time once above the clock's noise). */
export async function meanOf(times: number, fn: () => Promise<number>): Promise<number> {
  let total = 0
  for (let i = 0; i < times; i++) total += await fn()
  return total / times
}
