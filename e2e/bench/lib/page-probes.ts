/// <reference lib="dom" />
/**
 * Timing probes installed in the renderer page (browser mode) before the app's own scripts run.
 * Everything is timed in the page, on its own clock, so Playwright's round trips and polling never
 * count: a probe watches the DOM with a MutationObserver and, once the state the user waits for is
 * there, takes the time of the next paint (requestAnimationFrame, then a message posted from it:
 * the message runs right after that frame's style, layout and paint). Elements are found by role
 * and accessible name, like the e2e suite does.
 */

/** What the probes expose as `window.__keywardBench`. */
export interface PageProbes {
  /** Resolves with ms from navigation start to the token list interactive (rows painted, search enabled). */
  readonly coldStart: Promise<number>
  /** Starts watching for a click; `pending` resolves with ms from that click to the table painted with ≥ `rows` rows. */
  armListPaint(rows: number): void
  /** Starts watching for a keydown; `pending` resolves with ms from it to the table painted with a different row count. */
  armKeystroke(): void
  /** Resolves with ms from navigation start to the table painted with exactly `rows` rows (after a cleared search or a load). */
  waitForRows(rows: number, timeoutMs?: number): Promise<number>
  pending: Promise<number> | null
  /** When the awaited state was last reached in the DOM (before its paint), to tell script time from frame wait. */
  lastChange: number
  /** When the awaited keydown or click happened. */
  lastStart: number
  /**
   * How long the page sat idle between finishing the awaited change (its task, layouts included)
   * and the start of the display frame that painted it: the wait for the next frame tick, which
   * depends on where in the display's 16.7 ms cycle the input arrived, not on the page's work.
   */
  lastFrameWait: number
}

/**
 * The init script's source. tsx (esbuild with keepNames) wraps named inner functions in `__name()`,
 * a helper that exists only in Node; the page gets a no-op one.
 */
export function pageProbesScript(): string {
  return `var __name = (f) => f;\n(${installPageProbes.toString()})();`
}

/** Installs the probes; serialized into the page, so it must not use anything from this module. */
function installPageProbes(): void {
  if (window.top !== window) return
  /**
   * The next frame: when its tick came (the time requestAnimationFrame is given: the display frame
   * the page was asked to draw) and when it was painted (a message posted from the callback runs
   * right after that frame's style, layout, paint and commit).
   */
  const nextPaint = () =>
    new Promise<{ frameStart: number; painted: number }>((resolve) =>
      requestAnimationFrame((frameStart) => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => resolve({ frameStart, painted: performance.now() })
        channel.port2.postMessage(null)
      }),
    )
  const table = () => document.querySelector<HTMLElement>('[role="table"][aria-label="Tokens"]')
  const rowCount = () => Number(table()?.getAttribute('aria-rowcount') ?? NaN) - 1
  const hasDataRow = () => (table()?.querySelectorAll('[role="row"]').length ?? 0) > 1
  const searchBox = () => document.querySelector<HTMLInputElement>('input[type="search"][aria-label="Search tokens"]')
  /**
   * Resolves with the time of the next paint after `ready()` first holds, checked after every DOM
   * change. With `settle`, the page's layout is brought up to date right then (the layout the frame
   * would do anyway, done a few steps earlier: no work is added), so that the time after it is when
   * the page had nothing left to do but wait for the frame tick; `lastFrameWait` is that wait.
   */
  const paintedWhen = (ready: () => boolean, what: string, timeoutMs = 30_000, settle = false) =>
    new Promise<number>((resolve, reject) => {
      let done = false
      const check = () => {
        if (done || !ready()) return
        done = true
        observer.disconnect()
        clearTimeout(timer)
        probes.lastChange = performance.now()
        let settled = Infinity
        if (settle) {
          void document.documentElement.offsetHeight
          settled = performance.now()
        }
        void nextPaint().then(({ frameStart, painted }) => {
          probes.lastFrameWait = Math.max(0, frameStart - settled)
          resolve(painted)
        })
      }
      const observer = new MutationObserver(check)
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
      const timer = setTimeout(() => {
        if (done) return
        done = true
        observer.disconnect()
        reject(new Error(`bench probe: timed out waiting for ${what} (table rows: ${rowCount()})`))
      }, timeoutMs)
      check()
    })
  /** The timeStamp (same clock as performance.now) of the next `type` event, captured before the app sees it. */
  const nextEvent = (type: string) =>
    new Promise<number>((resolve) => window.addEventListener(type, (e) => resolve(e.timeStamp), { capture: true, once: true }))

  const probes: PageProbes = {
    coldStart: paintedWhen(() => hasDataRow() && searchBox()?.disabled === false, 'the token list to be interactive'),
    pending: null,
    lastChange: 0,
    lastStart: 0,
    lastFrameWait: 0,
    armListPaint(rows) {
      const clicked = nextEvent('click')
      const painted = paintedWhen(() => rowCount() >= rows && hasDataRow(), `a table of ≥ ${rows} rows`)
      probes.pending = Promise.all([clicked, painted]).then(([start, end]) => ((probes.lastStart = start), end - start))
    },
    armKeystroke() {
      const before = rowCount()
      const pressed = nextEvent('keydown')
      const painted = paintedWhen(() => rowCount() !== before, 'the list to change after a keystroke', 10_000, true)
      probes.pending = Promise.all([pressed, painted]).then(([start, end]) => ((probes.lastStart = start), end - start))
    },
    waitForRows(rows, timeoutMs) {
      return paintedWhen(() => rowCount() === rows, `a table of ${rows} rows`, timeoutMs)
    },
  }
  ;(window as unknown as { __keywardBench: PageProbes }).__keywardBench = probes
}
