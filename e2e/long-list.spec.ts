import { expect, test } from '@playwright/test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTokenApi } from '../src-main/token-api/server'
import { launchApp, type LaunchedApp } from './app'
import { benchKeySpecs } from './bench/lib/bench-keys'
import { KeywardPage } from './pages/keyward-page'

const EXTRA = 600

/**
 * The table draws only the rows in view (a virtualized list): a list far longer than the window
 * must still scroll to every row, bring the focused row into view from the keyboard, and show the
 * right rows after a search from anywhere in the list.
 */
test('a list longer than the window: keyboard moves keep the row in view, scrolling shows the rows there, a search narrows it', async () => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'keyward-e2e-long-'))
  let app: LaunchedApp | null = await launchApp({ userDataDir, keepUserData: true })
  try {
    // The sandbox's organizations exist once the app has started; tokens go in while it is closed.
    await app.close()
    app = null
    const sandbox = await startTokenApi({ dataDir: join(userDataDir, 'sandbox'), port: 0 })
    try {
      const staging = sandbox.organizations.find((o) => o.environment === 'staging')
      if (!staging) throw new Error('no staging organization in the sandbox')
      await sandbox.bulkInsertKeys(staging.id, benchKeySpecs(EXTRA, Date.now()))
    } finally {
      await sandbox.close()
    }
    app = await launchApp({ userDataDir, keepUserData: true })
    const kw = new KeywardPage(app.page)
    await kw.selectProfile('Sandbox staging')
    const table = kw.tokenTable
    const total = Number(await table.getAttribute('aria-rowcount')) - 1
    expect(total).toBeGreaterThanOrEqual(EXTRA)
    // Only a window of rows exists, not the whole list.
    expect(await table.getByRole('row').count()).toBeLessThan(60)

    const rowAt = (n: number) => table.locator(`[role="row"][aria-rowindex="${n + 1}"]`)
    /** Whether data row n lies wholly inside the list's scrolled view (the page around it may cut it otherwise). */
    const wholeInList = (n: number) =>
      rowAt(n).evaluate((row) => {
        const view = (row.closest('.token-scroll') as HTMLElement).getBoundingClientRect()
        const r = row.getBoundingClientRect()
        return r.top >= view.top - 0.5 && r.bottom <= view.bottom + 0.5
      })
    await rowAt(1).focus()
    await app.page.keyboard.press('End')
    await expect(rowAt(total)).toBeFocused()
    await expect.poll(() => wholeInList(total)).toBe(true)
    await app.page.keyboard.press('PageUp')
    await expect(rowAt(total - 15)).toBeFocused()
    await expect.poll(() => wholeInList(total - 15)).toBe(true)
    await app.page.keyboard.press('Home')
    await expect(rowAt(1)).toBeFocused()
    await expect.poll(() => wholeInList(1)).toBe(true)

    // Scrolled by hand to the middle: the rows there are drawn.
    await table.locator('.token-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight / 2))
    await expect(rowAt(Math.floor(total / 2) + 3)).toBeInViewport()

    // A search from the middle of a long list: the few matches are shown from the top.
    await kw.search.fill('bench-token-0059')
    await expect(table).toHaveAttribute('aria-rowcount', '11')
    await expect(rowAt(1)).toBeInViewport()
    await expect(table.getByRole('row').filter({ hasText: 'bench-token-00599' })).toBeVisible()
  } finally {
    await app?.close()
    await rm(userDataDir, { recursive: true, force: true })
  }
})
