/**
 * Metric 10: start-up of `keyward exec --env X=<ref> -- true` (launcher, bundle, reading the data
 * directory, one keychain read, spawning the command) vs. the least any such tool must do: `node -e`
 * that loads keytar, reads the same keychain entry and spawns `true` with it in the environment.
 * Both run as fresh processes, side by side (who goes first alternates), against the real Secret
 * Service of the private keyring session.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BENCH_SERVICE as SERVICE, withBenchSecret } from '../lib/bench-keychain'
import type { BenchContext } from '../lib/context'
import { requireFiles, ROOT } from '../lib/landed'
import { pairedFigure, type MetricResult } from '../lib/report'
import { timeMs } from '../lib/stats'

const TARGET_RATIO = 1.5
const ACCOUNT = 'prf_bench/key_bench'

function exitOf(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', cwd: ROOT })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))))
  })
}

export async function benchCliExec(ctx: BenchContext): Promise<MetricResult[]> {
  requireFiles(['bin/keyward.cjs', 'scripts/build-cli.mjs'])
  // What `npm install` builds; rebuilt here so the figure is of the current source.
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'ignore' })
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-cli-'))
  const now = new Date().toISOString()
  await writeFile(join(dir, 'config.json'), JSON.stringify({ schemaVersion: 2, profiles: [{ id: 'prf_bench', name: 'Bench', environment: 'dev' }] }))
  const token = { id: 'key_bench', name: 'Bench key', createdAt: now, lastUsed: null, expiresAt: null, revokedAt: null, status: 'active' }
  await writeFile(join(dir, 'token-cache.json'), JSON.stringify({ prf_bench: { fetchedAt: now, tokens: [token] } }))
  const keywardArgs = [join(ROOT, 'bin/keyward.cjs'), '--user-data-dir', dir, '--keychain-service', SERVICE, 'exec', '--env', 'X=keyward://Bench/Bench key', '--', 'true']
  const bare = `require('keytar').getPassword(${JSON.stringify(SERVICE)}, ${JSON.stringify(ACCOUNT)}).then((s) => { const r = require('child_process').spawnSync('true', { env: { ...process.env, X: s }, stdio: 'inherit' }); process.exit(r.status) })`
  const spec = { id: 10, metric: 'cli-exec-startup', label: 'keyward exec -- true (one reference)', unit: 'ms', target: { maxRatio: TARGET_RATIO } }
  try {
    return [
      await withBenchSecret(ACCOUNT, true, () =>
        pairedFigure(spec, ctx.cheap, () => timeMs(() => exitOf(process.execPath, keywardArgs)), () => timeMs(() => exitOf(process.execPath, ['-e', bare]))),
      ),
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
