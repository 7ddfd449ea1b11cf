/**
 * Metric 6: the renderer JavaScript needed for first paint, gzipped. That is the entry script of
 * out/renderer/index.html, every chunk it preloads, and every chunk reachable through static
 * `import … from` (the browser must fetch those before the entry runs). Chunks reached only through
 * dynamic `import()` load later, on demand, and are not counted.
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join, posix } from 'node:path'
import type { BenchContext } from '../lib/context'
import { figure, loadNow, type MetricResult } from '../lib/report'
import { rendererSnapshot } from '../lib/renderer-build'

const TARGET_KB = 350

/** Static imports in minified ES modules: `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`. */
const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g

/** Paths (relative to out/renderer) of the scripts a first paint needs, in discovery order. */
function firstPaintScripts(rendererDir: string): string[] {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const roots: string[] = []
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) roots.push(m[1] as string)
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) roots.push(m[1] as string)
  if (roots.length === 0) throw new Error('out/renderer/index.html has no module script')
  const seen = new Set<string>()
  const queue = roots.map((r) => posix.normalize(r.replace(/^\.?\//, '')))
  while (queue.length > 0) {
    const path = queue.shift() as string
    if (seen.has(path)) continue
    seen.add(path)
    const code = readFileSync(join(rendererDir, path), 'utf8')
    for (const m of code.matchAll(STATIC_IMPORT)) {
      const spec = m[1] as string
      if (!spec.startsWith('.') && !spec.startsWith('/')) continue
      queue.push(spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(path), spec)))
    }
  }
  return [...seen]
}

export async function benchBundleSize(ctx: BenchContext): Promise<MetricResult[]> {
  const dir = rendererSnapshot(ctx.log)
  const scripts = firstPaintScripts(dir)
  // zlib's default level (6) is what HTTP servers typically use; best-case level 9 would flatter.
  const bytes = scripts.reduce((sum, p) => sum + gzipSync(readFileSync(join(dir, p))).length, 0)
  ctx.log(`first-paint scripts: ${scripts.join(', ')}`)
  const kb = bytes / 1024
  return [
    // A byte count of a fixed build is deterministic: one sample, and no baseline to run beside it.
    figure({ id: 6, metric: 'first-paint-js-gzip', label: 'Renderer JS for first paint, gzipped', unit: 'KB', target: { max: TARGET_KB }, samples: [kb], loadAtStart: loadNow() }),
  ]
}
