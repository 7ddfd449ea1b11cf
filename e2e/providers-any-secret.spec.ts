import { format } from 'date-fns'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('any secret: add one with what the user knows; listed, reminded and found like any token; copy; replace; forget', async ({ app, seenSecrets }) => {
  const first = 'rk_live_e2eFirstSecret0123456789abcdef'
  const second = 'rk_live_e2eSecondSecret0123456789abcdef'
  seenSecrets.push(first, second)
  const page = app.page
  const kw = new KeywardPage(page)
  // The sandbox's sample tokens are reminded first (once, as a digest); what comes after is this spec's.
  await app.checkReminders()
  const earlier = (await app.notifications()).length
  await kw.addProfile({ name: 'Vendors', provider: 'any-secret' }, async (dialog) => {
    await expect(dialog.getByRole('textbox', { name: 'Base URL' })).toHaveCount(0)
    await expect(dialog.getByLabel(/^Credential/)).toHaveCount(0)
  })
  await expect(page.getByRole('main')).toContainText('Keyward cannot create this secret: make it in its vendor’s dashboard, then add it here.')

  await page.getByRole('button', { name: 'Add secret' }).click()
  const add = page.getByRole('dialog', { name: 'Add a secret' })
  await add.getByRole('textbox', { name: 'Name' }).fill('Stripe reporting')
  await add.getByRole('textbox', { name: 'Provider' }).fill('Stripe')
  await add.getByRole('textbox', { name: 'Scopes' }).fill('rak_report_read')
  await add.getByLabel('Expires on').fill(format(new Date(Date.now() + 3 * 86_400_000), 'yyyy-MM-dd'))
  await add.getByRole('textbox', { name: 'Notes' }).fill('Used by the nightly export.')
  await add.getByLabel('Secret', { exact: true }).fill(first)
  await add.getByRole('button', { name: 'Add secret' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // Listed with its expiry warning, and what the user entered in the details.
  await expect(kw.tokenRow('Stripe reporting')).toContainText('Expiring')
  await kw.openToken('Stripe reporting')
  await expect(kw.detail).toContainText('Stripe')
  await expect(kw.detail).toContainText('Used by the nightly export.')
  await expect(kw.detail).toContainText('rak_report_read')
  await kw.detail.getByRole('button', { name: 'Copy secret' }).click()
  await expect.poll(() => app.clipboard()).toBe(first)

  // Reminded, and found by the quick switcher, like any token.
  await app.checkReminders()
  await expect.poll(async () => (await app.notifications()).slice(earlier).map((n) => `${n.title} ${n.body}`)).toEqual([expect.stringMatching(/Stripe reporting.*expires/s)])
  await page.keyboard.press('Control+k')
  const switcher = page.getByRole('dialog', { name: 'Find a token' })
  await switcher.getByRole('combobox', { name: 'Search all tokens' }).fill('stripe rep')
  await expect(switcher.getByRole('option', { name: /Stripe reporting/ })).toBeVisible()
  await page.keyboard.press('Escape')

  // Rotate = replace the secret: the old one leaves the keychain, the new one is copied.
  await kw.detail.getByRole('button', { name: 'Replace secret…' }).click()
  const replace = page.getByRole('dialog', { name: 'Replace the secret of “Stripe reporting”' })
  await expect(replace.getByRole('note')).toContainText('paste the new secret from its dashboard')
  await replace.getByLabel('New secret').fill(second)
  await replace.getByRole('button', { name: 'Replace secret' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByText(/Replaced — the new secret of “Stripe reporting” is in your keychain/)).toBeVisible()
  await kw.openToken('Stripe reporting')
  await kw.detail.getByRole('button', { name: 'Copy secret' }).click()
  await expect.poll(() => app.clipboard()).toBe(second)

  // Revoke = forget.
  await kw.detail.getByRole('button', { name: 'Forget…' }).click()
  const forget = page.getByRole('dialog', { name: 'Forget “Stripe reporting”?' })
  await expect(forget.getByRole('note')).toContainText('it keeps working at its vendor until you revoke it there')
  await forget.getByRole('button', { name: 'Forget secret' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(kw.tokenRow('Stripe reporting')).toHaveCount(0)
})
