/// <reference lib="dom" />
/** Profiling aid: the cold start of metric 12 with every bridge call timed in the page. argv: <profiles> <tokens>. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { APP_ORIGIN, closeBrowser, launchApp, type LaunchedApp } from '../../app'
import { startChild } from '../lib/child'
import { ROOT } from '../lib/landed'
import { pageProbesScript, type PageProbes } from '../lib/page-probes'
import { rendererSnapshot } from '../lib/renderer-build'
import { TokenCache } from '../../../src-main/core/persistence/token-cache'

type Win = Window & { __keywardBench: PageProbes; __calls: string[] }

async function main(): Promise<void> {
  const profiles = Number(process.argv[2] ?? 10)
  const tokens = Number(process.argv[3] ?? 10000)
  // KEYWARD_PROFILE_RENDERER: another build to profile (e.g. an unminified one, for function names).
  const rendererDir = process.env.KEYWARD_PROFILE_RENDERER ?? rendererSnapshot((m) => console.error(m))
  const userDataDir = await mkdtemp(join(tmpdir(), 'keyward-prof-cache-'))
  const apiDir = await mkdtemp(join(tmpdir(), 'keyward-prof-cache-api-'))
  const api = await startChild<{ url: string; orgs: { adminKey: string }[] }>(join(ROOT, 'e2e/bench/servers/token-api-child.ts'), [apiDir, String(tokens)])
  let app: LaunchedApp | null = null
  try {
    app = await launchApp({ userDataDir, keepUserData: true, rendererDir })
    for (let i = 0; i < profiles; i++) {
      const added = await app.core!.services.profiles.add({ name: `Cached ${i + 1}`, environment: 'dev', baseUrl: api.ready.url, credential: api.ready.orgs[0]!.adminKey })
      await app.core!.services.tokens.list(added.id)
    }
    await app.close()
    const t0 = performance.now()
    app = await launchApp({ userDataDir, keepUserData: true, rendererDir })
    console.log(`core start ${(performance.now() - t0).toFixed(0)} ms`)
    const page = app.page
    const calls: string[] = []
    const proto = TokenCache.prototype as unknown as { text: (l: unknown) => string }
    const text = proto.text
    proto.text = function (this: unknown, l: unknown) {
      const s = performance.now()
      const out = text.call(this, l)
      calls.push(`cache text ${(performance.now() - s).toFixed(0)} ms, ${out.length} chars`)
      return out
    }
    const flush = TokenCache.prototype.flush
    TokenCache.prototype.flush = function (this: TokenCache) {
      const s = performance.now()
      flush.call(this)
      calls.push(`cache flush ${(performance.now() - s).toFixed(0)} ms`)
    }
    const h = app.core!.handlers as unknown as Record<string, (r: unknown) => Promise<unknown>>
    for (const [k, f] of Object.entries(h)) {
      h[k] = async (r: unknown) => {
        const s = performance.now()
        const out = await f(r)
        calls.push(`${k} ${(performance.now() - s).toFixed(0)} ms, ${JSON.stringify(out).length} B`)
        return out
      }
    }
    await page.addInitScript({ content: pageProbesScript() })
    await page.addInitScript(() => {
      const w = window as unknown as Win & { keyward: Record<string, (r?: unknown) => Promise<unknown>> }
      w.__calls = []
      const orig = w.keyward
      const wrapped: Record<string, unknown> = {}
      for (const [k, f] of Object.entries(orig)) {
        wrapped[k] = typeof f !== 'function' || /^on[A-Z]/.test(k) ? f : async (r?: unknown) => {
          const s = performance.now()
          const out = await f(r)
          w.__calls.push(`${k} ${s.toFixed(0)}→${performance.now().toFixed(0)} (${JSON.stringify(out).length} B)`)
          return out
        }
      }
      Object.defineProperty(window, 'keyward', { value: wrapped })
    })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
    for (let i = 0; i < 4; i++) {
      if (i === 3) await cdp.send('Profiler.start')
      await page.goto(`${APP_ORIGIN}/`)
      const cold = await page.evaluate(() => (window as unknown as Win).__keywardBench.coldStart)
      const nav = await page.evaluate(() => JSON.stringify(performance.getEntriesByType('navigation').map((e) => { const n = e as PerformanceNavigationTiming; return { resp: n.responseEnd.toFixed(0), dcl: n.domContentLoadedEventEnd.toFixed(0), load: n.loadEventEnd.toFixed(0) } })))
      // When each file arrived, on the page's clock: the script's fetch and what competes with it.
      const files = await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => `${e.name.split('/').pop()} ${e.startTime.toFixed(0)}→${e.responseEnd.toFixed(0)}`).join(', '))
      console.log(`cold ${cold.toFixed(0)} ms nav ${nav} files ${files}\n  ${calls.splice(0).join('\n  ')}`)
    }
    const r = (await cdp.send('Profiler.stop')) as { profile: unknown }
    await writeFile('/tmp/perf2/cold.cpuprofile', JSON.stringify(r.profile))
  } finally {
    await app?.close()
    await closeBrowser()
    await api.stop()
    await rm(userDataDir, { recursive: true, force: true })
    await rm(apiDir, { recursive: true, force: true })
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1) })
