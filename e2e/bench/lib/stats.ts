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

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Milliseconds `fn` takes, with a high-resolution clock. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

/** Runs `sample` `warmup` times (discarded), then `runs` times, and returns the kept samples. */
export async function sample(plan: RunPlan, sampleOnce: () => Promise<number>): Promise<number[]> {
  for (let i = 0; i < plan.warmup; i++) await sampleOnce()
  const kept: number[] = []
  for (let i = 0; i < plan.runs; i++) kept.push(await sampleOnce())
  return kept
}

/**
 * Samples a subject and its baseline alternately (A B, B A, A B, …): the order flips every run so
 * neither side always runs first (caches, JIT, a neighbour's burst of CPU).
 */
export async function samplePair(
  plan: RunPlan,
  subject: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<{ subject: number[]; baseline: number[] }> {
  for (let i = 0; i < plan.warmup; i++) {
    await subject()
    await baseline()
  }
  const s: number[] = []
  const b: number[] = []
  for (let i = 0; i < plan.runs; i++) {
    if (i % 2 === 0) {
      s.push(await subject())
      b.push(await baseline())
    } else {
      b.push(await baseline())
      s.push(await subject())
    }
  }
  return { subject: s, baseline: b }
}
