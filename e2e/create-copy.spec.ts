import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('create → shown once → stored → copy → clipboard holds it → cleared after the set time', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.setClipboardClearSeconds(10)
  await kw.selectProfile('Sandbox dev')

  // The dialog explains least privilege and warns about no expiry.
  await app.page.getByRole('button', { name: 'New token' }).click()
  const dialog = app.page.getByRole('dialog', { name: 'New token' })
  await expect(dialog.getByText(/Least privilege/)).toBeVisible()
  await dialog.getByRole('radio', { name: 'No expiry' }).check()
  await expect(dialog.getByRole('note')).toContainText('works until someone revokes it')
  await dialog.getByRole('radio', { name: '30 days' }).check()
  await dialog.getByRole('button', { name: 'Create token' }).click()
  await expect(dialog.getByText('Give the token a name')).toBeVisible()
  await dialog.getByRole('button', { name: 'Cancel' }).click()

  const secret = await kw.createToken('e2e deploy key', { scopes: ['account:read'], expiry: '7 days' })
  seenSecrets.push(secret)
  const showOnce = app.page.getByRole('dialog', { name: /Token created/ })
  await expect(showOnce.getByText('Stored in your keychain')).toBeVisible()

  await showOnce.getByRole('button', { name: 'Copy', exact: true }).click()
  await expect(showOnce.getByRole('status').filter({ hasText: /Copied — clears in \d+ s/ })).toBeVisible()
  expect(await app.clipboard()).toBe(secret)
  await showOnce.getByRole('button', { name: 'Done' }).click()
  await expect(app.page.getByRole('dialog')).toHaveCount(0)
  // The secret left the window with the view.
  await expect(app.page.getByRole('textbox', { name: 'Secret' })).toHaveCount(0)
  expect(await app.page.content()).not.toContain(secret)

  // The new token is listed with the keychain mark, expiring within 7 days.
  const row = kw.tokenRow('e2e deploy key')
  await expect(row.getByRole('img', { name: 'Secret in keychain' })).toBeVisible()
  await expect(row).toContainText(/in 7 days|in 6 days/)

  await expect.poll(() => app.clipboard(), { timeout: 20_000, intervals: [500] }).toBe('')

  // Copy again from the detail panel: the stored secret goes to the clipboard without entering the page.
  await kw.openToken('e2e deploy key')
  await kw.detail.getByRole('button', { name: 'Copy secret' }).click()
  await expect(kw.detail.getByRole('status')).toHaveText(/Copied — clears in \d+ s/)
  expect(await app.clipboard()).toBe(secret)
  expect(await app.page.content()).not.toContain(secret)
  await expect.poll(() => app.clipboard(), { timeout: 20_000, intervals: [500] }).toBe('')
})

test('closing the show-once view before copying asks first', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox staging')
  seenSecrets.push(await kw.createToken('e2e not copied'))
  const showOnce = app.page.getByRole('dialog', { name: /Token created/ })
  await showOnce.getByRole('button', { name: 'Done' }).click()
  await expect(showOnce.getByText(/You haven’t copied the secret/)).toBeVisible()
  await showOnce.getByRole('button', { name: 'Keep open' }).click()
  await expect(showOnce.getByRole('textbox', { name: 'Secret' })).toBeVisible()
  // Escape asks too.
  await app.page.keyboard.press('Escape')
  await showOnce.getByRole('button', { name: 'Close without copying' }).click()
  await expect(app.page.getByRole('dialog')).toHaveCount(0)
  await expect(kw.tokenRow('e2e not copied')).toBeVisible()
})
