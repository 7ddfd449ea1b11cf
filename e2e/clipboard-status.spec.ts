import { expect, test } from './fixtures'
import { audit } from './pages/axe'
import { KeywardPage } from './pages/keyward-page'

/** The visible countdown's seconds (the number ticks; the live region keeps the start). */
async function shownSeconds(text: Promise<string>): Promise<number> {
  const m = /clears in (\d+) s/.exec(await text)
  return m ? Number(m[1]) : -1
}

test('the copy status counts down, then says the clipboard was cleared when core cleared it; announced at start and end only', async ({ app, seenSecrets }) => {
  test.setTimeout(60_000)
  const kw = new KeywardPage(app.page)
  await kw.setClipboardClearSeconds(10)
  await kw.selectProfile('Sandbox dev')
  await kw.openToken('Sample token')
  await kw.detail.getByRole('button', { name: 'Copy secret' }).click()
  const live = kw.detail.getByRole('status')
  // What a sighted user reads: the ticking line, hidden from screen readers (the live region speaks for it).
  const visible = kw.detail.getByText(/^Copied — clears in \d+ s$/).and(app.page.locator('[aria-hidden="true"]'))
  await expect(live).toHaveText('Copied — clears in 10 s')
  seenSecrets.push(await app.clipboard())
  expect(await app.clipboard()).toMatch(/^sk_test_/)

  // The number ticks down where it is seen …
  const first = await shownSeconds(visible.textContent().then((t) => t ?? ''))
  expect(first).toBeGreaterThanOrEqual(9)
  await expect.poll(() => shownSeconds(visible.textContent().then((t) => t ?? '')), { timeout: 5_000 }).toBeLessThanOrEqual(first - 2)
  // … while the live region still says what it said at the start (no announcement every second).
  await expect(live).toHaveText('Copied — clears in 10 s')
  const found: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    await app.page.emulateMedia({ colorScheme: theme })
    await audit(app.page, 'details with the copy countdown', theme, found)
  }

  // Core cleared the clipboard and said so.
  await expect(live).toHaveText('Clipboard cleared', { timeout: 15_000 })
  await expect(kw.detail.getByText('Clipboard cleared', { exact: true }).and(app.page.locator('[aria-hidden="true"]'))).toBeVisible()
  expect(await app.clipboard()).toBe('')
  for (const theme of ['light', 'dark'] as const) {
    await app.page.emulateMedia({ colorScheme: theme })
    await audit(app.page, 'details after the clipboard was cleared', theme, found)
  }
  expect(found).toEqual([])
})

test('something else copied since: the status says the clipboard was left as is, and it is', async ({ app, seenSecrets }) => {
  test.setTimeout(60_000)
  const kw = new KeywardPage(app.page)
  await kw.setClipboardClearSeconds(10)
  await kw.selectProfile('Sandbox dev')
  // The list's copy shortcut tells in the status bar.
  await kw.tokenRow('Sample token').click()
  await kw.tokenRow('Sample token').press('Control+c')
  const bar = app.page.getByRole('status').filter({ hasText: /Copied “Sample token”/ })
  await expect(bar).toHaveText('Copied “Sample token” — clears in 10 s')
  seenSecrets.push(await app.clipboard())

  await app.copyElsewhere('my own notes')
  const left = app.page.getByRole('status').filter({ hasText: 'Clipboard left as is: something else was copied since' })
  await expect(left).toBeVisible({ timeout: 15_000 })
  expect(await app.clipboard()).toBe('my own notes')
  const found: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    await app.page.emulateMedia({ colorScheme: theme })
    await audit(app.page, 'status bar: clipboard left as is', theme, found)
  }
  expect(found).toEqual([])
})
