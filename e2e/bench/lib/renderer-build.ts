/**
 * The renderer metrics measure the production build in out/renderer. A stale build would measure
 * yesterday's code, so it is rebuilt whenever any input is newer than it.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './landed'

const RENDERER_OUT = join(ROOT, 'out/renderer')

/** Everything the renderer bundle is built from. */
const INPUTS = ['src-renderer', 'src-main/shared', 'electron.vite.config.ts', 'package-lock.json', 'tsconfig.web.json']

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

function oldestMtime(path: string): number {
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let oldest = Infinity
  for (const entry of readdirSync(path)) oldest = Math.min(oldest, oldestMtime(join(path, entry)))
  return oldest
}

/** Builds with electron-vite when out/renderer is missing or older than its sources. */
function ensureRendererBuild(log: (m: string) => void): void {
  const index = join(RENDERER_OUT, 'index.html')
  const built = existsSync(index) ? oldestMtime(RENDERER_OUT) : 0
  const sources = Math.max(...INPUTS.map((p) => newestMtime(join(ROOT, p))))
  if (built > sources) return
  log(existsSync(index) ? 'out/renderer is older than its sources: rebuilding (electron-vite build)' : 'out/renderer is missing: building (electron-vite build)')
  const result = spawnSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(`electron-vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`)
  }
}

let snapshot: string | null = null

/**
 * A private copy of the fresh build, taken once per bench run. Other engineers' test runs rebuild
 * out/ in place while the bench runs; measuring a copy keeps a rebuild from swapping files under a
 * page load, and keeps every renderer metric on the same build.
 */
export function rendererSnapshot(log: (m: string) => void): string {
  if (snapshot) return snapshot
  ensureRendererBuild(log)
  const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-renderer-'))
  cpSync(RENDERER_OUT, dir, { recursive: true })
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  snapshot = dir
  return dir
}
