/**
 * `npm run bench [-- --quick]`: Keyward's performance targets (issues 6 and 16), each a median after
 * a warm-up with its min and max, beside a baseline measured in the same run wherever one exists
 * (judged as the median of per-run ratios), with the load average around it. Prints a table and one
 * JSON line per figure on stdout, progress on stderr. Full mode exits 1 when a target is missed;
 * --quick takes fewer samples and only proves the bench works (exit 0 unless it crashes).
 * A metric whose code has not landed yet is listed as absent, never faked.
 */
import { spawn } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { BenchContext } from './lib/context'
import { NotLanded, ROOT } from './lib/landed'
import { jsonLine, table, type MetricResult } from './lib/report'
import { benchBundleSize } from './metrics/bundle-size'
import { benchCliExec } from './metrics/cli-exec'
import { benchHealth } from './metrics/health'
import { benchListTokens } from './metrics/list-tokens'
import { benchRenderer } from './metrics/renderer'
import { benchServerRps } from './metrics/server-rps'
import { benchVault } from './metrics/vault'

interface Bench {
  readonly ids: string
  readonly name: string
  run(ctx: BenchContext): Promise<MetricResult[]>
}

const BENCHES: readonly Bench[] = [
  { ids: '6', name: 'first-paint bundle size', run: benchBundleSize },
  { ids: '2', name: 'health + reminders, 100k tokens vs a bare pass over numbers', run: benchHealth },
  { ids: '1', name: 'list 10k and 100k tokens: core client vs bare undici', run: benchListTokens },
  { ids: '8', name: 'vault vs bare keytar', run: benchVault },
  { ids: '7', name: 'Token API server vs bare node:http', run: benchServerRps },
  { ids: '3,4,5,9,11,12', name: 'renderer in Chromium (browser mode): 10k and 100k tokens, cold starts', run: benchRenderer },
  { ids: '10', name: 'keyward exec start-up vs node + keytar + spawn', run: benchCliExec },
]

function parseArgs(argv: readonly string[]): { quick: boolean; only: Set<string> | null } {
  let quick = false
  let only: Set<string> | null = null
  for (const arg of argv) {
    if (arg === '--quick') quick = true
    else if (arg.startsWith('--only=')) only = new Set(arg.slice('--only='.length).split(','))
    else throw new Error(`unknown argument ${arg} (use --quick and/or --only=<ids>, e.g. --only=1,7)`)
  }
  return { quick, only }
}

async function main(): Promise<number> {
  const { quick, only } = parseArgs(process.argv.slice(2))
  const started = performance.now()
  const ctx: BenchContext = {
    quick,
    cheap: quick ? { warmup: 1, runs: 3 } : { warmup: 2, runs: 7 },
    costly: quick ? { warmup: 1, runs: 2 } : { warmup: 1, runs: 5 },
    log: (m) => process.stderr.write(`[bench] ${m}\n`),
  }
  // The machine is shared: the load around the run is part of reading its figures.
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ')
  const loadAtStart = load()
  ctx.log(`${quick ? 'quick' : 'full'} mode, ${ctx.cheap.runs} samples for cheap metrics, ${ctx.costly.runs} for costly ones; load average ${loadAtStart}`)
  const results: MetricResult[] = []
  const absent: string[] = []
  for (const bench of BENCHES) {
    if (only && !bench.ids.split(',').some((id) => only.has(id))) continue
    const t0 = performance.now()
    ctx.log(`${bench.ids}: ${bench.name}…`)
    try {
      const got = await bench.run(ctx)
      results.push(...got)
      ctx.log(`${bench.ids}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    } catch (error) {
      if (!(error instanceof NotLanded)) throw error
      absent.push(`${bench.ids} (${bench.name}): ${error.message}`)
      ctx.log(`${bench.ids}: absent: ${error.message}`)
    }
  }
  results.sort((a, b) => a.id - b.id)
  console.log('')
  console.log(table(results))
  if (absent.length > 0) console.log(`\nAbsent (code not landed yet): ${absent.join('; ')}`)
  console.log('')
  for (const r of results) console.log(jsonLine(r))
  const missed = results.filter((r) => !r.pass)
  console.log(
    `\n${results.length - missed.length}/${results.length} targets met${missed.length ? ` — missed: ${missed.map((r) => r.metric).join(', ')}` : ''}` +
      ` (${quick ? 'quick mode: not enforced' : 'full mode'}; ${((performance.now() - started) / 1000).toFixed(0)} s;` +
      ` load average ${loadAtStart} at start, ${load()} at end on ${cpus().length} CPUs)`,
  )
  return !quick && missed.length > 0 ? 1 : 0
}

// The vault metric needs a real Secret Service: like `npm test`, re-run inside a private D-Bus
// session with a throwaway unlocked keyring, so `npm run bench` works as typed.
if (process.platform === 'linux' && process.env.KEYWARD_KEYRING_SESSION !== '1') {
  const child = spawn('bash', [join(ROOT, '.ci/with-keyring.sh'), join(ROOT, 'node_modules/.bin/tsx'), ...process.argv.slice(1)], {
    stdio: 'inherit',
    cwd: ROOT,
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
} else {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`[bench] crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(2)
    },
  )
}
