/// <reference lib="dom" />
/**
 * Profiling aid (not a metric): the search keystroke of metric 4/11, timed as the metric times it,
 * under style variants applied to one page in turn (round-robin, so each variant sees the same load).
 * Used to find what a keystroke's time is made of: e.g. `{"base":"","no-table":".token-table{display:none}"}`
 * gives the floor of the measurement (the same keystroke when no row is laid out or painted).
 *
 * argv: <tokens> <rounds>. Env: KEYSTROKE_VARIANTS (JSON: name → CSS, applied through a constructed
 * style sheet, which the page's CSP allows), KEYSTROKE_TRACE (a Chromium trace file to write, with
 * a `variant:<name>` user-timing mark at each switch), KEYWARD_PROFILE_RENDERER (another build),
 * KEYSTROKE_BUILDS (`name=dir,name=dir`: renderer builds to compare, each in its own page and
 * data directory, taken in turn like the variants; the trace then follows the first),
 * KEYSTROKE_PER_ROUND (keystrokes per round, default 10), KEYSTROKE_RELOAD=1 (each round on a
 * fresh page, as the bench takes its keystrokes: cold code and empty caches; the round's first
 * keystroke is still not counted), KEYSTROKE_GC (before each round, a full garbage
 * collection and heap reading over DevTools: 1 as the bench takes it, in a session opened and closed
 * for it; 2 in one kept attached, as the bench did before session 6).
 */
import type { CDPSession, Page } from '@playwright/test'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTokenApi } from '../../../src-main/token-api/server'
import { APP_ORIGIN, closeBrowser, launchApp, type LaunchedApp } from '../../app'
import { KeywardPage } from '../../pages/keyward-page'
import { benchKeySpecs } from '../lib/bench-keys'
import { heapUsedMb } from '../lib/heap'
import { KEYSTROKE_KEYS, timedKeystroke } from '../lib/keystroke'
import { pageProbesScript, type PageProbes } from '../lib/page-probes'
import { rendererSnapshot } from '../lib/renderer-build'

type Win = Window & { __keywardBench: PageProbes; __variantSheet?: CSSStyleSheet }
const VARIANTS: Record<string, string> = JSON.parse(process.env.KEYSTROKE_VARIANTS ?? '{"base":""}')
const PER_ROUND = Number(process.env.KEYSTROKE_PER_ROUND ?? 10)
const RELOAD = process.env.KEYSTROKE_RELOAD === '1'

/** A fresh page (a new JS context: cold code, empty caches) showing the staging sandbox's list. */
async function openList(page: Page, rows: number): Promise<void> {
  await page.goto(`${APP_ORIGIN}/`)
  await page.evaluate(() => (window as unknown as Win).__keywardBench.coldStart).catch(async (e: unknown) => {
    throw new Error(`${String(e)}; the page showed: ${(await page.locator('body').innerText()).slice(0, 300)}`)
  })
  await new KeywardPage(page).profileButton('Sandbox staging').click({ timeout: 600_000 })
  await page.evaluate((n) => (window as unknown as Win).__keywardBench.waitForRows(n, 600_000), rows)
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10000)
  const rounds = Number(process.argv[3] ?? 6)
  const builds = process.env.KEYSTROKE_BUILDS
    ? process.env.KEYSTROKE_BUILDS.split(',').map((b) => b.split('=') as [string, string])
    : [['', process.env.KEYWARD_PROFILE_RENDERER ?? rendererSnapshot((m) => console.error(m))] as [string, string]]
  const userDataDir = await mkdtemp(join(tmpdir(), 'keyward-ab-'))
  const first = await launchApp({ userDataDir, keepUserData: true, rendererDir: builds[0]![1] })
  await first.close()
  const server = await startTokenApi({ dataDir: join(userDataDir, 'sandbox'), port: 0 })
  const org = server.organizations.find((o) => o.environment === 'staging')
  await server.bulkInsertKeys(org!.id, benchKeySpecs(count, Date.now()))
  await server.close()
  const names = builds.flatMap(([b]) => Object.keys(VARIANTS).map((v) => (b ? `${b}/${v}` : v)))
  const results = new Map(names.map((v) => [v, { ms: [] as number[], painted: [] as number[], dom: [] as number[] }]))
  const apps: LaunchedApp[] = []
  const dirs: string[] = []
  try {
    const pages = []
    for (const [i, [build, rendererDir]] of builds.entries()) {
      const dir = i === 0 ? userDataDir : `${userDataDir}-${i}`
      if (i > 0) await cp(userDataDir, dir, { recursive: true })
      dirs.push(dir)
      const app = await launchApp({ userDataDir: dir, keepUserData: true, rendererDir })
      apps.push(app)
      const page = app.page
      await page.addInitScript({ content: pageProbesScript() })
      const profiles = await app.core!.services.profiles.list()
      const rows = (await app.core!.services.tokens.list(profiles.find((p) => p.environment === 'staging' && p.sandbox)!.id)).tokens.length
      await openList(page, rows)
      pages.push({ build, page, rows })
    }
    const browser = pages[0]!.page.context().browser()!
    const trace = process.env.KEYSTROKE_TRACE
    if (trace) await browser.startTracing(pages[0]!.page, { path: trace, categories: ['devtools.timeline', 'blink', 'cc', 'v8.execute', 'blink.user_timing'] })
    const keptCdp = new Map<Page, CDPSession>()
    for (let r = 0; r < rounds; r++) {
      for (const { build, page, rows } of pages) {
        for (const [name, css] of Object.entries(VARIANTS)) {
          if (RELOAD && r > 0) await openList(page, rows)
          if (process.env.KEYSTROKE_GC === '1') await heapUsedMb(page)
          if (process.env.KEYSTROKE_GC === '2') {
            // As the bench did before session 6: one session per page, kept attached.
            const cdp = keptCdp.get(page) ?? (await page.context().newCDPSession(page))
            keptCdp.set(page, cdp)
            await cdp.send('HeapProfiler.collectGarbage')
            await cdp.send('Runtime.getHeapUsage')
          }
          await page.evaluate(
            ([n, c]) => {
              const w = window as unknown as Win
              if (!w.__variantSheet) {
                w.__variantSheet = new CSSStyleSheet()
                document.adoptedStyleSheets = [...document.adoptedStyleSheets, w.__variantSheet]
              }
              w.__variantSheet.replaceSync(c)
              performance.mark(`variant:${n}`)
            },
            [name, css] as const,
          )
          // The first keystroke after a switch restyles the page: not counted.
          for (let i = 0; i < PER_ROUND; i++) {
            const { ms, painted, dom } = await timedKeystroke(page, KEYSTROKE_KEYS[i % KEYSTROKE_KEYS.length]!, rows)
            if (i > 0) {
              const v = results.get(build ? `${build}/${name}` : name)!
              v.ms.push(ms)
              v.painted.push(painted)
              v.dom.push(dom)
            }
          }
        }
      }
    }
    if (trace) await browser.stopTracing()
    const at = (a: number[], q: number) => [...a].sort((x, y) => x - y)[Math.floor((a.length - 1) * q)]!.toFixed(2)
    for (const [name, v] of results) {
      console.log(
        `${name.padEnd(14)} keystroke (less frame wait) median ${at(v.ms, 0.5)} [p25 ${at(v.ms, 0.25)}, p75 ${at(v.ms, 0.75)}]  ` +
          `painted ${at(v.painted, 0.5)}  DOM ${at(v.dom, 0.5)} ms  n=${v.ms.length}`,
      )
    }
  } finally {
    for (const app of apps) await app.close()
    await closeBrowser()
    for (const dir of dirs.length ? dirs : [userDataDir]) await rm(dir, { recursive: true, force: true })
  }
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
