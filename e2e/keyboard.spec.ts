import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('keyboard only: create → copy from the show-once view → focus back on New token → copy again from the list', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  const page = app.page
  await kw.selectProfile('Sandbox dev')
  await page.keyboard.press('Control+n')
  const dialog = page.getByRole('dialog', { name: 'New token' })
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused()
  await page.keyboard.type('e2e keyboard key')
  // Tab to the first scope and tick it with Space, then submit with Enter from the name field.
  const scope = dialog.getByRole('checkbox').first()
  while (!(await scope.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab')
  await page.keyboard.press('Space')
  await expect(scope).toBeChecked()
  await dialog.getByRole('textbox', { name: 'Name' }).focus()
  await page.keyboard.press('Enter')

  const showOnce = page.getByRole('dialog', { name: /Token created/ })
  const secret = await kw.shownSecret()
  seenSecrets.push(secret)
  const copy = showOnce.getByRole('button', { name: 'Copy', exact: true })
  while (!(await copy.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  expect(await app.clipboard()).toBe(secret)
  const done = showOnce.getByRole('button', { name: 'Done' })
  while (!(await done.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  // Focus is back on what opened the dialog, not on the page body.
  await expect(page.getByRole('button', { name: 'New token' })).toBeFocused()

  // From search, ↓ enters the list; arrows move; Ctrl+C copies the focused row's secret.
  await page.evaluate(() => navigator.clipboard?.writeText?.('').catch(() => {}))
  await kw.search.focus()
  await page.keyboard.type('e2e keyboard')
  await page.keyboard.press('ArrowDown')
  await expect(kw.tokenRow('e2e keyboard key')).toBeFocused()
  await page.keyboard.press('Control+c')
  await expect(page.getByRole('status').filter({ hasText: /Copied “e2e keyboard key”/ })).toBeVisible()
  expect(await app.clipboard()).toBe(secret)
})

test('focus returns to the row after Escape on details, after a revoke, and after opening a token from Ctrl+K', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  const page = app.page
  await kw.selectProfile('Sandbox dev')
  await kw.search.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  // The name cell of the focused element itself (a row), not of anything inside it: a focused
  // container would otherwise answer with the header's "Name" or another row's name.
  const focusedName = async () => page.evaluate(() => document.activeElement?.querySelector(':scope > .cell-name')?.textContent ?? document.activeElement?.tagName)
  const name = await focusedName()
  expect(name).not.toBe('BODY')
  await page.keyboard.press('Enter')
  await expect(kw.detail.getByRole('heading', { name: name! })).toBeVisible()
  await kw.detail.getByRole('button', { name: 'Close details' }).focus()
  await page.keyboard.press('Escape')
  await expect(kw.detail).toHaveCount(0)
  // Focus goes back to the row once the panel has closed (a frame later): waited for, as below.
  await expect.poll(focusedName).toBe(name)

  // Revoke Billing export from its details: focus lands on its row afterwards.
  await kw.openToken('Billing export')
  await kw.detail.getByRole('button', { name: 'Revoke…' }).focus()
  await page.keyboard.press('Enter')
  const revoke = page.getByRole('dialog', { name: /Revoke “Billing export”/ })
  await expect(revoke).toBeVisible()
  // Cancelled: back on the Revoke… button.
  await page.keyboard.press('Escape')
  await expect(kw.detail.getByRole('button', { name: 'Revoke…' })).toBeFocused()
  await page.keyboard.press('Enter')
  await revoke.getByRole('button', { name: 'Revoke token' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect.poll(focusedName).toBe('Billing export')

  // Ctrl+K → open a token of another profile with Alt+Enter: focus on its row there.
  await page.keyboard.press('Control+k')
  const input = page.getByRole('dialog', { name: 'Find a token' }).getByRole('combobox', { name: 'Search all tokens' })
  await input.fill('Monitoring')
  await expect(page.getByRole('option').first()).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Alt+Enter')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect.poll(focusedName).toBe('Monitoring')
})
