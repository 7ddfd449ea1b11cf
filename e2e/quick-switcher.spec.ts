import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('Ctrl+K finds a token in another profile; Enter copies it, Alt+Enter opens it', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox staging')
  const secret = await kw.createToken('e2e quick key')
  seenSecrets.push(secret)
  await kw.copyAndCloseShowOnce()
  await kw.selectProfile('Sandbox dev')
  await app.page.evaluate(() => navigator.clipboard?.writeText?.('').catch(() => {}))

  await app.page.keyboard.press('Control+k')
  const switcher = app.page.getByRole('dialog', { name: 'Find a token' })
  const input = switcher.getByRole('combobox', { name: 'Search all tokens' })
  await expect(input).toBeFocused()
  await input.fill('e2e quick')
  const option = switcher.getByRole('option', { name: /e2e quick key/ })
  await expect(option).toHaveAttribute('aria-selected', 'true')
  await expect(option).toContainText('Sandbox staging')
  await input.press('Enter')
  await expect(switcher).toHaveCount(0)
  await expect(app.page.getByRole('status').filter({ hasText: /Copied “e2e quick key” — clears in \d+ s/ })).toBeVisible()
  expect(await app.clipboard()).toBe(secret)

  // Alt+Enter opens the token in its profile instead.
  await app.page.keyboard.press('Control+k')
  await switcher.getByRole('combobox').fill('e2e quick')
  await expect(switcher.getByRole('option', { name: /e2e quick key/ })).toBeVisible()
  await switcher.getByRole('combobox').press('Alt+Enter')
  await expect(app.page.getByRole('heading', { level: 1, name: /^Sandbox staging/ })).toBeVisible()
  await expect(kw.detail.getByRole('heading', { name: 'e2e quick key' })).toBeVisible()
})
