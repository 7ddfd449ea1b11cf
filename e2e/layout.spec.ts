import type { Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

/**
 * The window at the sizes users have (issue 14): the app's minimum width, a small window with the
 * details open, 200% zoom (a 1280×800 window zoomed is 640×400 CSS pixels) and a 24 px default font.
 */
const SIZES = [
  { name: 'the 760 px minimum width', viewport: { width: 760, height: 600 }, font: 0 },
  { name: '900×600', viewport: { width: 900, height: 600 }, font: 0 },
  { name: '200% zoom', viewport: { width: 640, height: 400 }, font: 0 },
  { name: 'a 24 px default font at 1024×700', viewport: { width: 1024, height: 700 }, font: 24 },
] as const

/** Inside the window and the topmost thing where it is clicked (a trial click checks the hit target). */
async function expectReachable(page: Page, target: Locator, label: string): Promise<void> {
  await target.scrollIntoViewIfNeeded()
  await expect(target, label).toBeVisible()
  const box = await target.boundingBox()
  const size = page.viewportSize()!
  expect(box, label).not.toBeNull()
  expect(box!.x, `${label}: left edge`).toBeGreaterThanOrEqual(0)
  expect(box!.y, `${label}: top edge`).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width, `${label}: right edge`).toBeLessThanOrEqual(size.width + 0.5)
  expect(box!.y + box!.height, `${label}: bottom edge`).toBeLessThanOrEqual(size.height + 0.5)
  await target.click({ trial: true, timeout: 2_000 })
}

/** No two of the boxes overlap. */
async function expectNoOverlap(items: Locator, label: string): Promise<void> {
  const boxes = await items.evaluateAll((all) => all.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })))
  expect(boxes.length, label).toBeGreaterThan(1)
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!
      const b = boxes[j]!
      const apart = a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5
      expect(apart, `${label}: items ${i} and ${j} overlap`).toBe(true)
    }
  }
}

for (const size of SIZES) {
  test(`at ${size.name} every header action is visible and clickable, the details panel fits, filter chips do not overlap`, async ({ app }) => {
    const page = app.page
    const kw = new KeywardPage(page)
    await page.setViewportSize(size.viewport)
    if (size.font) {
      // The user's default font size, as set in the browser's (or the OS's) settings.
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: size.font, fixed: size.font } })
      await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe(`${size.font * 0.8125}px`)
    }
    await expect(kw.tokenRow('Billing export')).toBeVisible()
    // The profile's header (a header inside main, so not the page's banner landmark).
    const header = page.locator('header').filter({ has: page.getByRole('heading', { level: 1 }) })
    const actions = ['Refresh', 'Edit profile', 'New token']
    for (const name of actions) await expectReachable(page, header.getByRole('button', { name, exact: true }), name)
    await expectNoOverlap(kw.page.getByRole('group', { name: 'Filter tokens' }).getByRole('button'), 'filter chips')
    await expectReachable(page, kw.search, 'search')
    await expectReachable(page, page.getByRole('button', { name: /^Find a token/ }), 'Find a token')
    await expectReachable(page, kw.sidebar.getByRole('button', { name: 'Settings' }), 'Settings')

    // With the details open (over the list when space is short) the header's actions and the panel's are on screen.
    await kw.openToken('Billing export')
    for (const name of ['Rotate…', 'Revoke…', 'Close details']) await expectReachable(page, kw.detail.getByRole('button', { name, exact: true }), `details: ${name}`)
    for (const name of actions) await expectReachable(page, header.getByRole('button', { name, exact: true }), `${name} with the details open`)
    await kw.detail.getByRole('button', { name: 'Close details' }).click()

    // New token really opens, and its form's buttons are on screen.
    await header.getByRole('button', { name: 'New token' }).click()
    const dialog = page.getByRole('dialog', { name: 'New token' })
    await expectReachable(page, dialog.getByRole('button', { name: 'Cancel' }), 'New token: Cancel')
    await dialog.getByRole('button', { name: 'Cancel' }).click()

    // The prod profile, in the sidebar's last group, is reachable too.
    await expectReachable(page, kw.profileButton('Sandbox prod'), 'Sandbox prod')
    await kw.selectProfile('Sandbox prod')
    for (const name of actions) await expectReachable(page, header.getByRole('button', { name, exact: true }), `prod: ${name}`)

    await kw.openSettings()
    await expectReachable(page, page.getByRole('button', { name: 'Save settings' }), 'Save settings')
  })
}
