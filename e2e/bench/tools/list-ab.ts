/**
 * `npx tsx e2e/bench/tools/list-ab.ts <tokens> <pairs>`: many more pairs of metric 1 (core client
 * listing vs bare undici) than the bench takes, in one process, to judge a change to the client
 * before a full bench: prints the median of per-pair ratios and its spread. The server runs in its
 * own process, as in the bench.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeAllPools, TokenApiClient } from '../../../src-main/core/api-client'
import { startChild } from '../lib/child'
import { ROOT } from '../lib/landed'
import { bareList } from '../metrics/list-tokens'
import { median, samplePair, timeMs } from '../lib/stats'

async function main(): Promise<void> {
  const tokens = Number(process.argv[2] ?? 10_000)
  const pairs = Number(process.argv[3] ?? 100)
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-list-ab-'))
  const api = await startChild<{ url: string; orgs: { adminKey: string }[] }>(join(ROOT, 'e2e/bench/servers/token-api-child.ts'), [dataDir, String(tokens)])
  try {
    const { url } = api.ready
    const key = (api.ready.orgs[0] as { adminKey: string }).adminKey
    const client = new TokenApiClient(url, key)
    const { subject, baseline } = await samplePair(
      { warmup: 10, runs: pairs },
      () => timeMs(() => client.listKeys('all')),
      () => timeMs(() => bareList(url, key)),
    )
    const ratios = subject.map((s, i) => s / (baseline[i] as number)).sort((a, b) => a - b)
    const q = (p: number) => (ratios[Math.floor(p * (ratios.length - 1))] as number).toFixed(3)
    console.log(
      `${tokens} tokens, ${pairs} pairs: client ${median(subject).toFixed(2)} ms, bare ${median(baseline).toFixed(2)} ms; ` +
        `ratio median ${q(0.5)} (quartiles ${q(0.25)}–${q(0.75)})`,
    )
  } finally {
    await closeAllPools()
    await api.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

void main()
