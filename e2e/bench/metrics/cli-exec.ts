/**
 * Metric 10: start-up of `keyward exec --env X=<ref> -- true` (launcher, bundle, reading the data
 * directory, one keychain read, spawning the command) vs. the least any such tool must do: `node -e`
 * that loads keytar, reads the same keychain entry and spawns `true` with it in the environment.
 * Both run as fresh processes, side by side (who goes first alternates), against the real Secret
 * Service of the private keyring session.
 */
import keytar from 'keytar'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchContext } from '../lib/context'
import { requireFiles, ROOT } from '../lib/landed'
import { figure, loadNow, type MetricResult } from '../lib/report'
import { samplePair, timeMs } from '../lib/stats'

const TARGET_RATIO = 1.5
const SERVICE = 'Keyward Bench'
const ACCOUNT = 'prf_bench/key_bench'
const SECRET = `sk_test_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}x9Y8z7`

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
  await keytar.setPassword(SERVICE, ACCOUNT, SECRET)
  const keywardArgs = [join(ROOT, 'bin/keyward.cjs'), '--user-data-dir', dir, '--keychain-service', SERVICE, 'exec', '--env', 'X=keyward://Bench/Bench key', '--', 'true']
  const bare = `require('keytar').getPassword(${JSON.stringify(SERVICE)}, ${JSON.stringify(ACCOUNT)}).then((s) => { const r = require('child_process').spawnSync('true', { env: { ...process.env, X: s }, stdio: 'inherit' }); process.exit(r.status) })`
  try {
    const loadAtStart = loadNow()
    const { subject, baseline } = await samplePair(
      ctx.cheap,
      () => timeMs(() => exitOf(process.execPath, keywardArgs)),
      () => timeMs(() => exitOf(process.execPath, ['-e', bare])),
    )
    return [
      figure({
        id: 10,
        metric: 'cli-exec-startup',
        label: 'keyward exec -- true (one reference)',
        unit: 'ms',
        target: { maxRatio: TARGET_RATIO },
        samples: subject,
        baseline,
        loadAtStart,
      }),
    ]
  } finally {
    await keytar.deletePassword(SERVICE, ACCOUNT)
    await rm(dir, { recursive: true, force: true })
  }
}
