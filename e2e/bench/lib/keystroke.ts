/// <reference lib="dom" />
/**
 * One timed keystroke into the empty search box, as metrics 4 and 11 take it (and keystroke-ab.ts):
 * the key goes down, the list is timed by the page probes, the key comes up, the box is cleared and
 * the full list painted again (untimed).
 */
import type { Page } from '@playwright/test'
import type { PageProbes } from './page-probes'

type Win = Window & { __keywardBench: PageProbes }

/**
 * Characters typed into the empty search box, one per timed keystroke: each changes which tokens
 * match and which are first. Not 0 or 6: nearly every bench token's name holds a 0, and 6 is the
 * metric's warm-up key, so either would leave the first rows as they were (a cheaper repaint).
 */
export const KEYSTROKE_KEYS = ['7', '3', '5', '9', '1', '8', '2', '4'] as const

/** One timed keystroke, in ms from its keydown. */
export interface Keystroke {
  /** The figure: keydown → the list painted, less `frameWait`. */
  readonly ms: number
  /** Keydown → the list painted (the frame's paint and commit done). */
  readonly painted: number
  /**
   * How long the page sat idle, its work for the keystroke done, until the display's next frame
   * tick: where in the 16.7 ms display cycle the key arrived, not work of the app's or the browser's.
   */
  readonly frameWait: number
  /** Keydown → the DOM showing the new list, before its layout and the frame (diagnostic). */
  readonly dom: number
}

/** Types `key` into the search box (empty, the full list of `rows` shown) and times it; leaves it empty again. */
export async function timedKeystroke(page: Page, key: string, rows: number): Promise<Keystroke> {
  const search = page.getByRole('searchbox', { name: 'Search tokens' })
  await page.evaluate(() => (window as unknown as Win).__keywardBench.armKeystroke())
  // The key goes down, the list is timed, then the key comes up: a person's keyup comes a tenth of
  // a second later, not queued right behind the keydown (where `press` would put its handling
  // before the frame's paint is seen).
  await search.focus()
  await page.keyboard.down(key)
  const painted = await page.evaluate(() => (window as unknown as Win).__keywardBench.pending as Promise<number>)
  const { dom, frameWait } = await page.evaluate(() => {
    const b = (window as unknown as Win).__keywardBench
    return { dom: b.lastChange - b.lastStart, frameWait: b.lastFrameWait }
  })
  await page.keyboard.up(key)
  await search.fill('')
  await page.evaluate((n) => (window as unknown as Win).__keywardBench.waitForRows(n), rows)
  return { ms: painted - frameWait, painted, frameWait, dom }
}
