import { expect, test } from './fixtures'
import { audit } from './pages/axe'
import { KeywardPage } from './pages/keyward-page'
import { addNpmUser, startOtpGate, verdaccioUrl } from './pages/peers'

// Verdaccio's tokens are opaque strings; what matters is that a new one is shown.
const NPM_SECRET = /^\S{16,}$/

test('npm against Verdaccio: the profile names its account; create with the password; copy; rotate by create-then-revoke; revoke', async ({ app, seenSecrets }) => {
  test.setTimeout(90_000)
  const user = await addNpmUser('e2e-npm')
  seenSecrets.push(user.token, user.password)
  const page = app.page
  const kw = new KeywardPage(page)

  await kw.addProfile({ name: 'npm (Verdaccio)', provider: 'npm', baseUrl: verdaccioUrl(), credential: user.token }, async (dialog) => {
    await expect(dialog.getByText('https://registry.npmjs.org, or your private registry')).toBeVisible()
    await expect((await kw.providerNotes(dialog, 'npm registry')).getByText('npm has no rotate endpoint: Keyward creates a new token, then revokes the old one.')).toBeVisible()
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await expect(dialog.getByRole('status')).toContainText(`Connected to ${user.name}`)
  })
  await expect(page.getByRole('main').getByText('npm registry', { exact: true })).toBeVisible()

  // Create: npm wants the account password; the dialog says so and asks for it.
  await page.getByRole('button', { name: 'New token' }).click()
  const create = page.getByRole('dialog', { name: 'New token' })
  await expect(create.getByRole('note')).toContainText('npm asks for your account password')
  await create.getByRole('textbox', { name: 'Name' }).fill('e2e publish')
  await create.getByRole('checkbox', { name: /^publish\b/ }).check()
  await create.getByRole('button', { name: 'Create token' }).click()
  await expect(create.getByText('Enter the password of your npm registry account.')).toBeVisible()
  await create.getByLabel('Account password').fill(user.password)
  const found: string[] = []
  await audit(page, 'npm create', 'light', found)
  expect(found).toEqual([])
  await create.getByRole('button', { name: 'Create token' }).click()
  const first = await kw.shownSecret(NPM_SECRET)
  seenSecrets.push(first)
  await kw.copyAndCloseShowOnce()
  expect(await app.clipboard()).toBe(first)
  // The password left with the dialog.
  expect(await page.content()).not.toContain(user.password)

  // Listed with its stored secret; npm never says when a token was used, and the row says so.
  const row = kw.tokenTable.getByRole('row').filter({ has: page.getByRole('img', { name: 'Secret in keychain' }) })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Not reported')
  await row.click()
  await expect(kw.detail).toContainText('Not reported — npm does not say when a token was last used.')

  // Rotate: the provider's rules shown, the grace kept by Keyward, the password asked again.
  await kw.detail.getByRole('button', { name: 'Rotate…' }).click()
  const rotate = page.getByRole('dialog', { name: /^Rotate/ })
  const rules = rotate.getByRole('list', { name: 'How npm registry rotates' })
  await expect(rules).toContainText('npm has no rotate endpoint: Keyward creates a new token, then revokes the old one.')
  await expect(rules).toContainText('Keyward keeps the grace period itself')
  await rotate.getByRole('radio', { name: /^None/ }).check()
  await expect(rules).not.toContainText('Keyward keeps the grace period itself')
  await rotate.getByLabel('Account password').fill(user.password)
  await rotate.getByRole('button', { name: 'Rotate token' }).click()
  const second = await kw.shownSecret(NPM_SECRET)
  seenSecrets.push(second)
  expect(second).not.toBe(first)
  await kw.copyAndCloseShowOnce()
  expect(await app.clipboard()).toBe(second)

  // The old token is gone at the registry; the new one is the only one listed. Revoke it.
  await page.getByRole('button', { name: 'Refresh', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Refresh', exact: true })).toBeEnabled()
  await expect(kw.tokenTable.getByRole('row')).toHaveCount(2)
  await expect(row).toHaveCount(1)
  await row.click()
  await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
  await page.getByRole('dialog', { name: /^Revoke/ }).getByRole('button', { name: 'Revoke token' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  // Gone at the registry too (Verdaccio deletes revoked tokens): the refreshed list is empty.
  await page.getByRole('button', { name: 'Refresh', exact: true }).click()
  await expect(page.getByText('No tokens in this profile yet.')).toBeVisible()
})

test('npm with two-factor authentication: the one-time password is asked for when the registry wants it, used once, kept nowhere', async ({ app, seenSecrets }) => {
  const user = await addNpmUser('e2e-otp')
  const code = '482913'
  seenSecrets.push(user.token, user.password, code)
  const gate = await startOtpGate(() => code)
  try {
    const page = app.page
    const kw = new KeywardPage(page)
    await kw.addProfile({ name: 'npm with 2FA', provider: 'npm', baseUrl: gate.url, credential: user.token })

    await page.getByRole('button', { name: 'New token' }).click()
    const create = page.getByRole('dialog', { name: 'New token' })
    await create.getByRole('textbox', { name: 'Name' }).fill('e2e read-only')
    await create.getByRole('checkbox', { name: /^read-only\b/ }).check()
    await expect(create.getByLabel('One-time password')).toHaveCount(0)
    await create.getByLabel('Account password').fill(user.password)
    await create.getByRole('button', { name: 'Create token' }).click()
    // The registry asked: the code field appears, focused, with the registry's reason.
    const otp = create.getByLabel('One-time password')
    await expect(otp).toBeFocused()
    await expect(create.getByRole('alert')).toContainText(/one-time password/i)
    const found: string[] = []
    await audit(page, 'npm create asking for a one-time password', 'light', found)
    expect(found).toEqual([])
    await otp.fill('000000')
    await create.getByRole('button', { name: 'Create token' }).click()
    // A refused code is spent: the field is empty again.
    await expect(create.getByRole('alert')).toContainText(/one-time password/i)
    await expect(otp).toHaveValue('')
    await otp.fill(code)
    await create.getByRole('button', { name: 'Create token' }).click()
    seenSecrets.push(await kw.shownSecret(NPM_SECRET))
    expect(gate.accepted).toEqual([code])
    await kw.copyAndCloseShowOnce()

    // A new dialog starts empty: nothing of the last one was kept.
    await page.getByRole('button', { name: 'New token' }).click()
    const again = page.getByRole('dialog', { name: 'New token' })
    await expect(again.getByLabel('Account password')).toHaveValue('')
    await expect(again.getByLabel('One-time password')).toHaveCount(0)
    await again.getByRole('button', { name: 'Cancel' }).click()
    expect(await page.content()).not.toContain(user.password)
  } finally {
    await gate.close()
  }
})
