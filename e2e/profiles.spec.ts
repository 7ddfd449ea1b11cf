import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('add a profile: test connection, a test key on prod is flagged, then import a token secret into it', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox dev')
  const host = (await app.page.getByRole('main').getByText(/^127\.0\.0\.1:\d+$/).textContent())!
  const key = await kw.createToken('e2e key manager', { scopes: ['api_keys:read', 'api_keys:write'] })
  seenSecrets.push(key)
  await kw.copyAndCloseShowOnce()

  await kw.addProfile({ name: 'Mislabelled prod', environment: 'prod', baseUrl: `http://${host}`, credential: key }, async (dialog) => {
    // Flagged before saving: an sk_test_ key on a prod profile.
    await expect(dialog.getByText(/This is an sk_test_ key but the profile is production/)).toBeVisible()
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await expect(dialog.getByRole('status')).toContainText('Connected to Sandbox Dev')
  })

  // In the sidebar under Production, with a warning mark, and the warning on the page.
  const button = kw.sidebar.getByRole('region', { name: 'Production' }).getByRole('button', { name: /^Mislabelled prod/ })
  await expect(button).toHaveAccessibleName(/warning/)
  await expect(app.page.getByRole('note').first()).toBeVisible()

  // The token created in the other profile is listed here too, without a stored secret: import it.
  await kw.openToken('e2e key manager')
  await expect(kw.detail.getByRole('button', { name: 'Copy secret' })).toHaveCount(0)
  await kw.detail.getByRole('button', { name: 'Import secret…' }).click()
  const importDialog = app.page.getByRole('dialog', { name: 'Import a token’s secret' })
  await importDialog.getByRole('textbox', { name: 'Secret' }).fill(`${key.slice(0, 20)}\n${key.slice(20)} `)
  await importDialog.getByRole('button', { name: 'Import secret' }).click()
  await expect(app.page.getByRole('dialog')).toHaveCount(0)
  await expect(kw.tokenRow('e2e key manager').getByRole('img', { name: 'Secret in keychain' })).toBeVisible()
  await kw.detail.getByRole('button', { name: 'Copy secret' }).click()
  expect(await app.clipboard()).toBe(key)
})

test('edit and remove a profile', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox staging')
  await app.page.getByRole('button', { name: 'Edit profile' }).click()
  const dialog = app.page.getByRole('dialog', { name: 'Edit profile “Sandbox staging”' })
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Staging (renamed)')
  await dialog.getByRole('button', { name: 'Save profile' }).click()
  await expect(kw.profileButton('Staging (renamed)')).toBeVisible()

  await app.page.getByRole('button', { name: 'Edit profile' }).click()
  const again = app.page.getByRole('dialog', { name: 'Edit profile “Staging (renamed)”' })
  await again.getByRole('button', { name: 'Remove profile…' }).click()
  await again.getByRole('button', { name: 'Keep profile' }).click()
  await again.getByRole('button', { name: 'Remove profile…' }).click()
  await again.getByRole('button', { name: 'Remove profile', exact: true }).click()
  await expect(kw.profileButton('Staging (renamed)')).toHaveCount(0)
  await expect(kw.sidebar.getByRole('region', { name: 'Staging' })).toHaveCount(0)
})

test('a profile added from Settings is the one shown afterwards, not Settings', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await kw.openSettings()
  await kw.addProfile({ name: 'Vendor secrets', provider: 'any-secret' })
  await expect(app.page.getByRole('heading', { level: 1, name: 'Settings' })).toHaveCount(0)
  await expect(kw.profileButton('Vendor secrets')).toHaveAttribute('aria-current', 'page')
})
