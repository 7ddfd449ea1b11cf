/**
 * Metric 1: listing 10,000 tokens from the Token API on loopback through the core client
 * (TokenApiClient.listKeys: pages of 1,000, deadline, retry interceptor, per-item checks, camelCase
 * copy) vs. the same pages fetched with bare `undici.request` + `JSON.parse`. The server runs in its
 * own process; both sides fetch the same URLs with the same key, over kept-alive connections.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { closeAllPools, TokenApiClient } from '../../../src-main/core/api-client'
import type { BenchContext } from '../lib/context'
import { startChild } from '../lib/child'
import { ROOT } from '../lib/landed'
import { ratioOf, type MetricResult } from '../lib/report'
import { median, samplePair, timeMs } from '../lib/stats'

const TOKENS = 10_000
const PAGE = 1000
const TARGET_RATIO = 1.3
const TARGET_MS = 1000

/** The baseline: the pages fetched and parsed, nothing else. */
async function bareList(url: string, key: string): Promise<unknown[]> {
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

export async function benchListTokens(ctx: BenchContext): Promise<MetricResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-bench-list-'))
  const api = await startChild<{ url: string; adminKey: string }>(join(ROOT, 'e2e/bench/servers/token-api-child.ts'), [dataDir, String(TOKENS)])
  try {
    const { url, adminKey } = api.ready
    const client = new TokenApiClient(url, adminKey)
    let listed = 0
    let bareListed = 0
    // A listing takes ~50 ms: more samples than elsewhere cost little and steady the median.
    const plan = ctx.quick ? { warmup: 3, runs: 5 } : { warmup: 5, runs: 15 }
    const { subject, baseline } = await samplePair(
      plan,
      () => timeMs(async () => (listed = (await client.listKeys('all')).length)),
      () => timeMs(async () => (bareListed = (await bareList(url, adminKey)).length)),
    )
    // The organization also holds the server's sample keys and the admin key: ≥ 10,000 either way.
    if (listed < TOKENS || listed !== bareListed) throw new Error(`listed ${listed} keys through the client, ${bareListed} bare; expected ≥ ${TOKENS}, equal`)
    ctx.log(`1: ${listed} keys per listing`)
    const value = median(subject)
    const base = median(baseline)
    const ratio = ratioOf(value, base) as number
    return [
      {
        id: 1,
        metric: 'list-10k-tokens',
        label: 'List 10,000 tokens via core client',
        value,
        unit: 'ms',
        baseline: base,
        ratio,
        target: `≤ ${TARGET_RATIO}× baseline and ≤ ${TARGET_MS} ms`,
        pass: ratio <= TARGET_RATIO && value <= TARGET_MS,
        runs: subject.length,
        min: Math.min(...subject),
        max: Math.max(...subject),
      },
    ]
  } finally {
    await closeAllPools()
    await api.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
