import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('settings validate, save, and come back as saved', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await kw.openSettings()
  const lead = app.page.getByRole('textbox', { name: 'Remind before expiry' })
  const clip = app.page.getByRole('textbox', { name: 'Clear copied secrets after' })
  // The default lead times, under the default 30-day lifetime.
  await expect(lead).toHaveValue('7, 1')
  await clip.fill('5')
  await app.page.getByRole('button', { name: 'Save settings' }).click()
  await expect(app.page.getByText('Clipboard clear delay must be a whole number of seconds between 10 and 300.')).toBeVisible()

  await clip.fill('120')
  await lead.fill('14, 3')
  await app.page.getByRole('textbox', { name: 'Rotation age' }).fill('60')
  await app.page.getByRole('checkbox', { name: 'Notify about stale tokens' }).uncheck()
  await app.page.getByRole('checkbox', { name: 'Launch at login' }).check()
  await kw.saveSettings()

  await kw.selectProfile('Sandbox dev')
  await kw.openSettings()
  await expect(lead).toHaveValue('14, 3')
  await expect(clip).toHaveValue('120')
  await expect(app.page.getByRole('textbox', { name: 'Rotation age' })).toHaveValue('60')
  await expect(app.page.getByRole('checkbox', { name: 'Notify about stale tokens' })).not.toBeChecked()
  await expect(app.page.getByRole('checkbox', { name: 'Launch at login' })).toBeChecked()

  await app.page.getByRole('checkbox', { name: 'Never clear the clipboard' }).check()
  await expect(clip).toBeDisabled()
  await kw.saveSettings()
})

test('the sandbox can be removed from settings', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.profileButton('Sandbox dev')).toBeVisible()
  await kw.openSettings()
  await app.page.getByRole('button', { name: 'Remove sandbox…' }).click()
  await app.page.getByRole('button', { name: 'Remove sandbox', exact: true }).click()
  await expect(app.page.getByText('The sandbox and its profiles were removed.')).toBeVisible()
  await expect(kw.sidebar.getByRole('button', { name: /^Sandbox/ })).toHaveCount(0)
})

test('keyboard: Ctrl+F searches, Escape clears, Ctrl+K opens the switcher', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  await app.page.keyboard.press('Control+f')
  await expect(kw.search).toBeFocused()
  await app.page.keyboard.type('legacy')
  await expect(kw.tokenTable.getByRole('row')).toHaveCount(2)
  await app.page.keyboard.press('Escape')
  await expect(kw.search).toHaveValue('')
  await app.page.keyboard.press('Control+k')
  await expect(app.page.getByRole('combobox', { name: 'Search all tokens' })).toBeFocused()
  await app.page.keyboard.press('Escape')
  await expect(app.page.getByRole('dialog')).toHaveCount(0)
})

test('a token’s expiry colour follows the reminder lead times, as its Expiring chip does', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  const expiresColour = (name: string) => kw.tokenRow(name).getByRole('cell').nth(4).evaluate((el) => getComputedStyle(el).color)
  // Billing export expires in 5 days, CI deploy in 90: with the default 30, 7, 1 only the first is marked.
  await expect(kw.tokenRow('Billing export')).toContainText('Expiring')
  expect(await expiresColour('Billing export')).not.toBe(await expiresColour('CI deploy'))

  await kw.openSettings()
  await app.page.getByRole('textbox', { name: 'Remind before expiry' }).fill('3, 1')
  await kw.saveSettings()
  await kw.selectProfile('Sandbox dev')
  await app.page.getByRole('button', { name: 'Refresh' }).click()

  // 5 days is beyond every lead time now: neither chip nor colour may say otherwise.
  await expect(kw.tokenRow('Billing export')).not.toContainText('Expiring')
  expect(await expiresColour('Billing export')).toBe(await expiresColour('CI deploy'))
})
