import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('rotate without grace: new secret shown once and stored, the old token ends now', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox dev')
  const first = await kw.createToken('e2e rotating key')
  seenSecrets.push(first)
  await kw.copyAndCloseShowOnce()

  await kw.openToken('e2e rotating key')
  await kw.detail.getByRole('button', { name: 'Rotate…' }).click()
  const dialog = app.page.getByRole('dialog', { name: /Rotate “e2e rotating key”/ })
  await dialog.getByRole('radio', { name: /^None/ }).check()
  await dialog.getByRole('button', { name: 'Rotate token' }).click()

  const rotated = app.page.getByRole('dialog', { name: /Token rotated/ })
  const second = await kw.shownSecret()
  seenSecrets.push(second)
  expect(second).not.toBe(first)
  await expect(rotated.getByText('Stored in your keychain')).toBeVisible()
  await expect(rotated.getByRole('note')).toContainText('The old token stopped working')
  await kw.copyAndCloseShowOnce()
  expect(await app.clipboard()).toBe(second)

  // Old and new share the name: the old one is revoked, the new one active and stored.
  await kw.filter(/^Revoked/).click()
  await expect(kw.tokenRow('e2e rotating key')).toContainText('Revoked')
  await kw.filter(/^Active/).click()
  await expect(kw.tokenRow('e2e rotating key').getByRole('img', { name: 'Secret in keychain' })).toBeVisible()
})

test('rotate with a 24-hour grace period: the old token keeps working until its end time', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox staging')
  await kw.openToken('CI deploy')
  await kw.detail.getByRole('button', { name: 'Rotate…' }).click()
  const dialog = app.page.getByRole('dialog', { name: /Rotate “CI deploy”/ })
  await dialog.getByRole('radio', { name: /^24 hours/ }).check()
  await dialog.getByRole('button', { name: 'Rotate token' }).click()

  const rotated = app.page.getByRole('dialog', { name: /Token rotated/ })
  seenSecrets.push(await kw.shownSecret())
  await expect(rotated.getByRole('note')).toContainText(/The old token keeps working until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(in (1 day|24 hours|23 hours)\)/)
  await kw.copyAndCloseShowOnce()

  // Both are active now; the old one expires within a day.
  await kw.filter(/^Active/).click()
  await expect(kw.tokenRow('CI deploy')).toHaveCount(2)
  await expect(kw.tokenRow('CI deploy').filter({ hasText: /in (1 day|24 hours|23 hours)/ })).toHaveCount(1)
})

test('on prod, rotate and revoke require typing the token name', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox prod')

  await kw.openToken('Monitoring')
  await kw.detail.getByRole('button', { name: 'Rotate…' }).click()
  const rotate = app.page.getByRole('dialog', { name: /Rotate “Monitoring”/ })
  await expect(rotate.getByRole('button', { name: 'Rotate token' })).toBeDisabled()
  await rotate.getByRole('button', { name: 'Cancel' }).click()

  await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
  const revoke = app.page.getByRole('dialog', { name: /Revoke “Monitoring”/ })
  await expect(revoke.getByText('This cannot be undone')).toBeVisible()
  const confirm = revoke.getByRole('textbox', { name: /Type Monitoring to confirm/ })
  const button = revoke.getByRole('button', { name: 'Revoke token' })
  await expect(button).toBeDisabled()
  await confirm.fill('monitoring')
  await expect(button).toBeDisabled()
  await confirm.fill('Monitoring')
  await button.click()
  await expect(app.page.getByRole('dialog')).toHaveCount(0)
  await expect(kw.tokenRow('Monitoring')).toContainText('Revoked')
  await expect(kw.detail.getByRole('button', { name: 'Revoke…' })).toHaveCount(0)

  // On dev no typing is needed.
  await kw.selectProfile('Sandbox dev')
  await kw.openToken('Legacy sync')
  await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
  const devRevoke = app.page.getByRole('dialog', { name: /Revoke “Legacy sync”/ })
  await expect(devRevoke.getByRole('textbox')).toHaveCount(0)
  await devRevoke.getByRole('button', { name: 'Revoke token' }).click()
  await expect(kw.tokenRow('Legacy sync')).toContainText('Revoked')
})

test('revoking the key Keyward itself uses for the profile is called out; other keys are not', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox dev')
  const warning = /This is the key Keyward itself uses for “Sandbox dev”/

  await kw.openToken('Admin')
  await expect(kw.detail.getByText('Stored as this profile’s credential')).toBeVisible()
  await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
  const revokeAdmin = app.page.getByRole('dialog', { name: /Revoke “Admin”/ })
  await expect(revokeAdmin.getByRole('alert').filter({ hasText: warning })).toBeVisible()
  await revokeAdmin.getByRole('button', { name: 'Cancel' }).click()

  await kw.openToken('Monitoring')
  await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
  const revokeOther = app.page.getByRole('dialog', { name: /Revoke “Monitoring”/ })
  await expect(revokeOther.getByRole('button', { name: 'Revoke token' })).toBeVisible()
  await expect(revokeOther.getByText(warning)).toHaveCount(0)
})

test('rotation keeps an expiry: the dialog offers the old token\'s lifetime, and a chosen preset is what the new token gets', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox dev')
  seenSecrets.push(await kw.createToken('e2e expiring key', { expiry: '90 days' }))
  await kw.copyAndCloseShowOnce()

  await kw.openToken('e2e expiring key')
  await kw.detail.getByRole('button', { name: 'Rotate…' }).click()
  const dialog = app.page.getByRole('dialog', { name: /Rotate “e2e expiring key”/ })
  const expiry = dialog.getByRole('group', { name: 'The new token expires' })
  await expect(expiry.getByRole('radio', { name: '90 days' })).toBeChecked()
  await expiry.getByRole('radio', { name: '60 days' }).check()
  await dialog.getByRole('radio', { name: /^None/ }).check()
  await dialog.getByRole('button', { name: 'Rotate token' }).click()
  seenSecrets.push(await kw.shownSecret())
  await kw.copyAndCloseShowOnce()

  await kw.filter(/^Active/).click()
  await expect(kw.tokenRow('e2e expiring key')).toHaveCount(1)
  await expect(kw.tokenRow('e2e expiring key')).toContainText(/in (2 months|60 days|59 days)/)
})
