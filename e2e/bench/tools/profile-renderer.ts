/// <reference lib="dom" />
/**
 * Profiling aid (not a metric): loads `count` tokens into the sandbox staging profile, then records a
 * Chromium CPU profile of N search keystrokes and of a list switch, and prints the self time per
 * function. argv: <count> <out dir>.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTokenApi } from '../../../src-main/token-api/server'
import { APP_ORIGIN, closeBrowser, launchApp } from '../../app'
import { KeywardPage } from '../../pages/keyward-page'
import { benchKeySpecs } from '../lib/bench-keys'
import { KEYSTROKE_KEYS } from '../lib/keystroke'
import { pageProbesScript, type PageProbes } from '../lib/page-probes'
import { rendererSnapshot } from '../lib/renderer-build'

type Win = Window & { __keywardBench: PageProbes }
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

function summarize(p: Profile, top = 25): string {
  const self = new Map<number, number>()
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)))
  const byFn = new Map<string, number>()
  let total = 0
  for (const n of p.nodes) {
    const t = (self.get(n.id) ?? 0) / 1000
    total += t
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`
    byFn.set(key, (byFn.get(key) ?? 0) + t)
  }
  return [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k}`).join('\n') + `\n total ${total.toFixed(0)} ms`
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10000)
  const out = process.argv[3] ?? '/tmp/perf2'
  // KEYWARD_PROFILE_RENDERER: another build to profile (e.g. an unminified one, for function names).
  const rendererDir = process.env.KEYWARD_PROFILE_RENDERER ?? rendererSnapshot((m) => console.error(m))
  const userDataDir = await mkdtemp(join(tmpdir(), 'keyward-prof-'))
  let app = await launchApp({ userDataDir, keepUserData: true, rendererDir })
  await app.close()
  const server = await startTokenApi({ dataDir: join(userDataDir, 'sandbox'), port: 0 })
  const org = server.organizations.find((o) => o.environment === 'staging')
  await server.bulkInsertKeys(org!.id, benchKeySpecs(count, Date.now()))
  await server.close()
  app = await launchApp({ userDataDir, keepUserData: true, rendererDir })
  try {
    const page = app.page
    await page.addInitScript({ content: pageProbesScript() })
    await page.goto(`${APP_ORIGIN}/`)
    await page.evaluate(() => (window as unknown as Win).__keywardBench.coldStart)
    const k = new KeywardPage(page)
    const rows = (await app.core!.services.tokens.list((await app.core!.services.profiles.list()).find((p) => p.environment === 'staging' && p.sandbox)!.id)).tokens.length
    await k.profileButton('Sandbox staging').click({ timeout: 600_000 })
    await page.evaluate((n) => (window as unknown as Win).__keywardBench.waitForRows(n, 600_000), rows)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 })
    const search = page.getByRole('searchbox', { name: 'Search tokens' })
    // warm
    for (const key of ['6', '7']) {
      await search.press(key)
      await search.fill('')
      await page.evaluate((n) => (window as unknown as Win).__keywardBench.waitForRows(n), rows)
    }
    const browser = page.context().browser()!
    await browser.startTracing(page, { path: join(out, `keystroke-${count}.trace.json`), categories: ['devtools.timeline', 'blink', 'cc', 'v8.execute'] })
    await cdp.send('Profiler.start')
    const times: string[] = []
    for (let i = 0; i < 20; i++) {
      await page.evaluate(() => (window as unknown as Win).__keywardBench.armKeystroke())
      await search.press(KEYSTROKE_KEYS[i % KEYSTROKE_KEYS.length]!)
      const paint = await page.evaluate(() => (window as unknown as Win).__keywardBench.pending as Promise<number>)
      const dom = await page.evaluate(() => (window as unknown as Win).__keywardBench.lastChange - (window as unknown as Win).__keywardBench.lastStart)
      times.push(`${paint.toFixed(1)}/${dom.toFixed(1)}`)
      await search.fill('')
      await page.evaluate((n) => (window as unknown as Win).__keywardBench.waitForRows(n), rows)
    }
    const kp = (await cdp.send('Profiler.stop')) as { profile: Profile }
    await browser.stopTracing()
    await writeFile(join(out, `keystroke-${count}.cpuprofile`), JSON.stringify(kp.profile))
    console.log(`keystrokes paint/dom ms: ${times.join(' ')}`)
    console.log(summarize(kp.profile))
    // list paint: switch away and back
    await cdp.send('Profiler.start')
    const paints: string[] = []
    for (let i = 0; i < 5; i++) {
      await k.profileButton('Sandbox dev').click()
      await page.waitForTimeout(200)
      await page.evaluate((n) => (window as unknown as Win).__keywardBench.armListPaint(n), rows)
      await k.profileButton('Sandbox staging').click()
      paints.push((await page.evaluate(() => (window as unknown as Win).__keywardBench.pending as Promise<number>)).toFixed(1))
    }
    const r = (await cdp.send('Profiler.stop')) as { profile: Profile }
    await writeFile(join(out, `paint-${count}.cpuprofile`), JSON.stringify(r.profile))
    console.log(`list paints ms: ${paints.join(' ')}`)
    console.log(summarize(r.profile))
  } finally {
    await app.close()
    await closeBrowser()
    await rm(userDataDir, { recursive: true, force: true })
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1) })
