import { launchApp } from './app'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('first launch welcomes: says the sandbox is a local practice API, copies a sample token that is stored, offers Add your own profile; dismissed, it stays gone after a restart', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  const welcome = app.page.getByRole('region', { name: 'Welcome to Keyward' })
  await expect(welcome).toBeVisible()
  await expect(welcome).toContainText('practice Token API running only on this computer')

  // The sample is a real token of Sandbox dev with its secret in the keychain: Copy works on it.
  await expect(kw.tokenRow('Sample token')).toBeVisible()
  await expect(kw.tokenRow('Sample token').getByRole('cell').first()).toHaveAccessibleName('Sample token Secret in keychain')
  await welcome.getByRole('button', { name: 'Copy “Sample token”' }).click()
  await expect(app.page.getByRole('status').filter({ hasText: /Copied “Sample token” — clears in \d+ s/ })).toBeVisible()
  const copied = await app.clipboard()
  expect(copied).toMatch(/^sk_test_/)
  seenSecrets.push(copied)
  // Ctrl+K offers to copy it, not only to open it.
  await app.page.keyboard.press('Control+k')
  const switcher = app.page.getByRole('dialog', { name: 'Find a token' })
  await switcher.getByRole('combobox', { name: 'Search all tokens' }).fill('sample')
  await expect(switcher.getByRole('option').first()).toContainText('Copy')
  await app.page.keyboard.press('Escape')

  // Add your own profile opens the form; closing it leaves the welcome in place.
  await welcome.getByRole('button', { name: 'Add your own profile' }).click()
  await expect(app.page.getByRole('dialog', { name: 'Add profile' })).toBeVisible()
  await app.page.keyboard.press('Escape')
  await expect(app.page.getByRole('dialog')).toHaveCount(0)
  await expect(welcome.getByRole('button', { name: 'Add your own profile' })).toBeFocused()

  await welcome.getByRole('button', { name: 'Dismiss' }).click()
  await expect(welcome).toHaveCount(0)
  // Focus lands in the list, not on the page body.
  await expect(kw.tokenTable.getByRole('row').nth(1)).toBeFocused()

  await app.close()
  const again = await launchApp({ userDataDir: app.userDataDir, keepUserData: true })
  try {
    const kw2 = new KeywardPage(again.page)
    await expect(kw2.tokenRow('Billing export')).toBeVisible()
    await expect(again.page.getByRole('region', { name: 'Welcome to Keyward' })).toHaveCount(0)
  } finally {
    await again.close()
  }
})
