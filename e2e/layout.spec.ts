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

/** Every box of `inner` lies within `outer`'s box (half a pixel of rounding allowed). */
function expectInside(inner: DOMRect | { x: number; y: number; width: number; height: number }, outer: { x: number; y: number; width: number; height: number }, label: string): void {
  expect(inner.x, `${label}: left edge`).toBeGreaterThanOrEqual(outer.x - 0.5)
  expect(inner.x + inner.width, `${label}: right edge`).toBeLessThanOrEqual(outer.x + outer.width + 0.5)
  expect(inner.y, `${label}: top edge`).toBeGreaterThanOrEqual(outer.y - 0.5)
  expect(inner.y + inner.height, `${label}: bottom edge`).toBeLessThanOrEqual(outer.y + outer.height + 0.5)
}

const STATUS_SIZES = [
  { name: '760×600', viewport: { width: 760, height: 600 }, details: false },
  { name: '900×600', viewport: { width: 900, height: 600 }, details: false },
  // Wide enough for the details beside the list: the list is narrower than the window.
  { name: '1600×900 with the details open', viewport: { width: 1600, height: 900 }, details: true },
  { name: '1100×700', viewport: { width: 1100, height: 700 }, details: false },
  { name: '200% zoom', viewport: { width: 640, height: 400 }, details: false },
] as const

for (const size of STATUS_SIZES) {
  test(`at ${size.name} every status chip (“Active”, “Rotation due”, “+1”) is whole inside its cell, and the cell inside the list`, async ({ app }) => {
    const page = app.page
    const kw = new KeywardPage(page)
    await page.setViewportSize(size.viewport)
    await expect(kw.tokenRow('Legacy sync')).toContainText('Rotation due')
    if (size.details) await kw.openToken('Billing export')
    const list = (await kw.tokenTable.boundingBox())!
    // The visible part of the list: with the details open over it, the part left of the panel.
    const panel = size.details ? await kw.detail.boundingBox() : null
    const visible = panel && panel.x > list.x ? { ...list, width: panel.x - list.x } : list
    const rows = kw.tokenTable.getByRole('row')
    let chips = 0
    let more = 0
    for (const row of await rows.all()) {
      // One snapshot per row — its name, status cell and chips measured together — so a list that
      // re-renders between two calls cannot pair one token's cell with another token's chips.
      const seen = await row.evaluate((r) => {
        const cells = Array.from(r.querySelectorAll('[role="cell"]'))
        const status = cells[cells.length - 1]
        if (!status || !r.checkVisibility()) return null // the header row, or a row not shown
        const chips = Array.from(status.querySelectorAll('span')).filter((e) => e.children.length === 0)
        return {
          name: cells[0]?.textContent ?? '',
          cellBox: status.getBoundingClientRect().toJSON() as DOMRect,
          boxes: chips.map((e) => ({ text: e.textContent ?? '', ...(e.getBoundingClientRect().toJSON() as DOMRect) })),
        }
      })
      if (!seen) continue
      const { name, cellBox, boxes } = seen
      if (cellBox.y + cellBox.height > visible.y + visible.height) continue // below the fold
      expectInside(cellBox, visible, `${name}: status cell in the list`)
      for (const b of boxes) {
        expectInside(b, cellBox, `${name}: “${b.text}”`)
        chips++
        if (b.text.startsWith('+')) more++
      }
    }
    expect(chips, 'status chips looked at').toBeGreaterThan(5)
    expect(more, 'a “+N” chip among them (Legacy sync)').toBeGreaterThan(0)
  })
}

test('at 200% zoom every profile’s name is whole in the sidebar, wrapped rather than cut, and its button’s name is complete', async ({ app }) => {
  const page = app.page
  const kw = new KeywardPage(page)
  const long = 'Customer billing integrations — Frankfurt staging'
  await kw.addProfile({ name: long, provider: 'any-secret', environment: 'staging' })
  await page.setViewportSize({ width: 640, height: 400 })
  const names = ['Sandbox dev', 'Sandbox staging', 'Sandbox prod', long]
  const sidebar = (await kw.sidebar.boundingBox())!
  for (const name of names) {
    const button = kw.profileButton(name)
    await button.focus()
    await expect(button).toBeFocused()
    await expect(button).toHaveAccessibleName(new RegExp(`^${name}( |$)`))
    const box = (await button.boundingBox())!
    expect(box.x + box.width, `${name}: inside the sidebar`).toBeLessThanOrEqual(sidebar.x + sidebar.width + 0.5)
    // What is drawn: the name's text, whole (nothing clipped or cut with an ellipsis), inside its button.
    const shown = await button.evaluate((b, wanted) => {
      const el = Array.from(b.querySelectorAll<HTMLElement>('span')).find((s) => s.textContent === wanted)
      if (!el) return null
      const r = el.getBoundingClientRect()
      return { clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1, ...r.toJSON() as DOMRect }
    }, name)
    expect(shown, `${name}: drawn as one text`).not.toBeNull()
    expect(shown!.clipped, `${name}: not cut`).toBe(false)
    expectInside(shown!, box, `${name}: inside its button`)
  }
})

test('at 200% zoom another profile starts at its top: its title is in view, not scrolled away with the last one', async ({ app }) => {
  const page = app.page
  const kw = new KeywardPage(page)
  await page.setViewportSize({ width: 640, height: 400 })
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  // The content scrolls as a whole at this size: the wheel over the profile's title scrolls it away.
  await page.getByRole('heading', { level: 1 }).hover()
  await page.mouse.wheel(0, 2000)
  await expect.poll(() => page.getByRole('heading', { level: 1 }).evaluate((h) => h.getBoundingClientRect().bottom)).toBeLessThan(0)
  await kw.selectProfile('Sandbox prod')
  const title = page.getByRole('heading', { level: 1, name: 'Sandbox prod' })
  await expect(title).toBeInViewport()
})

test('Add profile for npm at 1280×800 shows its Add profile button without scrolling; what npm allows is one line that expands', async ({ app }) => {
  const page = app.page
  const kw = new KeywardPage(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await kw.sidebar.getByRole('button', { name: '+ Add profile' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add profile' })
  await dialog.getByRole('combobox', { name: 'Provider' }).selectOption('npm')
  const notes = dialog.getByRole('region', { name: 'What Keyward can do with npm registry' })
  const toggle = notes.getByRole('button', { name: 'Can: list, create, rotate, grace period, revoke, expiry · Cannot: last used' })
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect(notes.getByText('npm has no rotate endpoint')).toBeHidden()

  // In view as the dialog opens: nothing scrolled.
  expect(await dialog.evaluate((d) => d.scrollTop)).toBe(0)
  const add = dialog.getByRole('button', { name: 'Add profile' })
  expectInside((await add.boundingBox())!, { x: 0, y: 0, ...page.viewportSize()! }, 'Add profile')
  await add.click({ trial: true, timeout: 2_000 })

  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await expect(notes.getByText('npm has no rotate endpoint: Keyward creates a new token, then revokes the old one.')).toBeVisible()
  // Expanded, the dialog scrolls, and its buttons stay in view below what scrolls.
  await add.click({ trial: true, timeout: 2_000 })

  // At the minimum window the button is in view too (the dialog's buttons stay put while it scrolls).
  await toggle.click()
  await page.setViewportSize({ width: 760, height: 600 })
  expectInside((await add.boundingBox())!, { x: 0, y: 0, ...page.viewportSize()! }, 'Add profile at 760×600')
  await add.click({ trial: true, timeout: 2_000 })
})

test('a scope list cut by its column shows the whole list on hover; one that fits has no hover text repeating it', async ({ app }) => {
  const page = app.page
  const kw = new KeywardPage(page)
  await page.setViewportSize({ width: 1100, height: 700 })
  await expect(kw.tokenRow('Legacy sync')).toBeVisible()
  const cells = kw.tokenTable.locator('.cell-scopes')
  let cut = 0
  let whole = 0
  for (const cell of await cells.all()) {
    if (!(await cell.isVisible())) continue
    await cell.hover()
    const seen = await cell.evaluate((el) => ({ cut: el.scrollWidth > el.clientWidth, text: el.textContent ?? '', title: el.getAttribute('title') ?? '' }))
    if (seen.cut) {
      cut++
      expect(seen.title, `cut scopes “${seen.text}”`).toBe(seen.text)
    } else {
      whole++
      expect(seen.title, `whole scopes “${seen.text}”`).toBe('')
    }
  }
  expect(cut, 'scope lists cut at 1100 px').toBeGreaterThan(0)
  expect(whole, 'scope lists whole at 1100 px').toBeGreaterThan(0)
})
