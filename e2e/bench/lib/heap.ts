/** The renderer page's JS heap, read over DevTools (metrics 5 and 11, keystroke-ab.ts). */
import type { Page } from '@playwright/test'

/**
 * The page's JS heap in use after a full garbage collection, in MB. The DevTools session is opened
 * for the reading and closed after it: left attached, it slowed the page's keystrokes that followed
 * (10k, fresh pages, 24 each: 9.2 and 11.2 ms median with it kept, 7.8 and 8.7 ms without;
 * e2e/bench/tools/keystroke-ab.ts KEYSTROKE_GC), and a user's window has no such session.
 */
export async function heapUsedMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
    return usedSize / 1024 / 1024
  } finally {
    await cdp.detach()
  }
}
