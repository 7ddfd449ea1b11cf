/**
 * Metric 1: listing 10,000 and 100,000 tokens from the Token API on loopback through the core client
 * (TokenApiClient.listKeys: pages of 1,000, deadline, retry interceptor, per-item checks, camelCase
 * copy, dates parsed once for health) vs. the same pages fetched with bare `undici.request` +
 * `JSON.parse`, one after the other by the body's `next_cursor`. The client asks for the next page
 * as soon as a page's head names it (`Link: rel="next"`), so it may come in under 1×: the figure
 * says what a listing costs the user next to the plainest client, overheads and overlap together.
 * The server runs in its own process with one organization per size; both sides fetch the same
 * URLs with the same key, over kept-alive connections.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { closeAllPools, TokenApiClient } from '../../../src-main/core/api-client'
import type { BenchContext } from '../lib/context'
import { startChild } from '../lib/child'
import { ROOT } from '../lib/landed'
import { pairedFigure, type MetricResult } from '../lib/report'
import { timeMs, type RunPlan } from '../lib/stats'

const PAGE = 1000
const SIZES = [
  { tokens: 10_000, metric: 'list-10k-tokens', label: 'List 10,000 tokens via core client', maxRatio: 1.05 },
  { tokens: 100_000, metric: 'list-100k-tokens', label: 'List 100,000 tokens (100 pages) via core client', maxRatio: 1.1 },
] as const

/** The baseline: the pages fetched and parsed, nothing else. */
export async function bareList(url: string, key: string): Promise<unknown[]> {
  const all: unknown[] = []
  let cursor: string | null = null
  do {
    const query: string = `?status=all&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const res = await request(`${url}/v1/api-keys${query}`, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } })
    const page = JSON.parse(await res.body.text()) as { data: unknown[]; next_cursor: string | null }
    for (const item of page.data) all.push(item)
    cursor = page.next_cursor
  } while (cursor)
  return all
}

async function listFigure(ctx: BenchContext, size: (typeof SIZES)[number], url: string, key: string, plan: RunPlan): Promise<MetricResult> {
  const client = new TokenApiClient(url, key)
  let listed = 0
  let bareListed = 0
  const result = await pairedFigure(
    { id: 1, metric: size.metric, label: size.label, unit: 'ms', target: { maxRatio: size.maxRatio } },
    plan,
    () => timeMs(async () => (listed = (await client.listKeys('all')).length)),
    () => timeMs(async () => (bareListed = (await bareList(url, key)).length)),
  )
  // The organization also holds the admin key (and, for the sandbox's, sample keys): ≥ N either way.
  if (listed < size.tokens || listed !== bareListed) throw new Error(`listed ${listed} keys through the client, ${bareListed} bare; expected ≥ ${size.tokens}, equal`)
  ctx.log(`1: ${listed} keys per listing`)
  return result
}

export async function benchListTokens(ctx: BenchContext): Promise<MetricResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-bench-list-'))
  const api = await startChild<{ url: string; orgs: { adminKey: string }[] }>(join(ROOT, 'e2e/bench/servers/token-api-child.ts'), [
    dataDir,
    SIZES.map((s) => s.tokens).join(','),
  ])
  try {
    // A 10k listing takes ~50 ms: 31 pairs cost ~4 s, and its per-pair ratios spread over
    // 0.65–1.85 within one run (a pair caught by a collection or the scheduler), so the median of
    // the 15 taken until session 6 read 1.02 and 1.06 in two runs of the same code while 80 pairs
    // read 1.01–1.03 (list-ab.ts). A 100k one takes ~0.7 s: 11 pairs (~15 s in all), because its
    // ratios spread over 0.96–1.23 in one run and the median of 7 read 1.07 and 1.10.
    const plans: RunPlan[] = [ctx.quick ? { warmup: 3, runs: 5 } : { warmup: 5, runs: 31 }, ctx.quick ? { warmup: 1, runs: 3 } : { warmup: 3, runs: 11 }]
    const results: MetricResult[] = []
    for (const [i, size] of SIZES.entries()) {
      results.push(await listFigure(ctx, size, api.ready.url, (api.ready.orgs[i] as { adminKey: string }).adminKey, plans[i] as RunPlan))
    }
    return results
  } finally {
    await closeAllPools()
    await api.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
