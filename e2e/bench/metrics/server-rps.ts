/**
 * Metric 7: the Token API server answering `GET /v1/me` with a valid key, 50 connections for 5 s
 * (autocannon), vs. bare node:http answering the same response body in the same run. Each server
 * runs in its own process; autocannon runs here, so the load generator never shares the server's
 * event loop. Any non-2xx answer or socket error makes the run invalid rather than "fast".
 */
import autocannon from 'autocannon'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchContext } from '../lib/context'
import { startChild } from '../lib/child'
import { ROOT } from '../lib/landed'
import { figure, loadNow, type MetricResult } from '../lib/report'
import { samplePair } from '../lib/stats'

const CONNECTIONS = 50
const SECONDS = 5
const WARMUP_SECONDS = 2
const TARGET_RATIO = 0.75
const TARGET_P99_RATIO = 1.5

interface Load {
  readonly rps: number
  readonly p99: number
}

async function load(url: string, seconds: number, headers: Record<string, string>): Promise<Load> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers })
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r['2xx'] === 0) {
    throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts — the load test measured failures`)
  }
  return { rps: r.requests.average, p99: r.latency.p99 }
}

export async function benchServerRps(ctx: BenchContext): Promise<MetricResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-bench-api-'))
  const api = await startChild<{ url: string; orgs: { adminKey: string }[] }>(join(ROOT, 'e2e/bench/servers/token-api-child.ts'), [dataDir, '0'])
  try {
    const headers = { authorization: `Bearer ${(api.ready.orgs[0] as { adminKey: string }).adminKey}` }
    const meUrl = `${api.ready.url}/v1/me`
    const me = await fetch(meUrl, { headers })
    if (me.status !== 200) throw new Error(`GET /v1/me answered ${me.status}`)
    const body = await me.text()
    const bare = await startChild<{ url: string }>(join(ROOT, 'e2e/bench/servers/bare-http-child.ts'), [], { BENCH_BODY: body })
    try {
      const bareUrl = `${bare.ready.url}/v1/me`
      await load(meUrl, WARMUP_SECONDS, headers)
      await load(bareUrl, WARMUP_SECONDS, headers)
      const loadAtStart = loadNow()
      const { subject, baseline } = await samplePair(
        { warmup: 0, runs: ctx.costly.runs },
        () => load(meUrl, SECONDS, headers),
        () => load(bareUrl, SECONDS, headers),
        (run, s, b) => ctx.log(`7: run ${run}: /v1/me ${Math.round(s.rps)} req/s p99 ${s.p99} ms; bare ${Math.round(b.rps)} req/s p99 ${b.p99} ms`),
      )
      const common = { id: 7, loadAtStart }
      return [
        figure({
          ...common,
          metric: 'server-me-rps',
          label: `Token API GET /v1/me, ${CONNECTIONS} conns ${SECONDS} s`,
          unit: 'req/s',
          target: { minRatio: TARGET_RATIO },
          samples: subject.map((s) => s.rps),
          baseline: baseline.map((s) => s.rps),
        }),
        figure({
          ...common,
          metric: 'server-me-p99',
          label: 'Token API GET /v1/me p99 latency',
          unit: 'ms',
          target: { maxRatio: TARGET_P99_RATIO },
          samples: subject.map((s) => s.p99),
          baseline: baseline.map((s) => s.p99),
        }),
      ]
    } finally {
      await bare.stop()
    }
  } finally {
    await api.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
