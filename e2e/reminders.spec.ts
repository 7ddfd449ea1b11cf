import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

test('many due reminders arrive as one digest, once; clicking it opens the attention filter', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  await app.checkReminders()
  const shown = await app.notifications()
  expect(shown).toHaveLength(1)
  expect(shown[0]?.title).toMatch(/^\d+ tokens need attention$/)
  expect(shown[0]?.target).toBeNull()

  // Fired reminders do not fire again.
  await app.checkReminders()
  expect(await app.notifications()).toHaveLength(1)

  await app.clickNotification(shown[0]!)
  await expect(kw.filter(/^Needs attention/)).toHaveAttribute('aria-pressed', 'true')
  await expect(kw.tokenRow('Leaked laptop key')).toHaveCount(0)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
})

/** Only expiry reminders, and only the dev profile: two are due (one expired, one expiring). */
async function onlyDevExpiryReminders(kw: KeywardPage): Promise<void> {
  await kw.openSettings()
  await kw.page.getByRole('checkbox', { name: 'Notify when rotation is due' }).uncheck()
  await kw.page.getByRole('checkbox', { name: 'Notify about stale tokens' }).uncheck()
  await kw.saveSettings()
  for (const name of ['Sandbox staging', 'Sandbox prod']) {
    await kw.selectProfile(name)
    await kw.page.getByRole('button', { name: 'Edit profile' }).click()
    const dialog = kw.page.getByRole('dialog', { name: `Edit profile “${name}”` })
    await dialog.getByRole('button', { name: 'Remove profile…' }).click()
    await dialog.getByRole('button', { name: 'Remove profile', exact: true }).click()
    await expect(kw.profileButton(name)).toHaveCount(0)
  }
}

test('a few due reminders arrive one by one, once each; clicking one opens its token', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await onlyDevExpiryReminders(kw)
  await kw.selectProfile('Sandbox dev')

  await app.checkReminders()
  const shown = await app.notifications()
  expect(shown.map((n) => n.title).sort()).toEqual(['Token expired: Old webhook relay', 'Token expires soon: Billing export'])
  await app.checkReminders()
  expect(await app.notifications()).toHaveLength(2)

  const billing = shown.find((n) => n.title.includes('Billing export'))!
  await app.clickNotification(billing)
  await expect(kw.detail.getByRole('heading', { name: 'Billing export' })).toBeVisible()
  await expect(kw.tokenRow('Billing export')).toHaveAttribute('aria-current', 'true')
})

test('a snoozed token stays quiet', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await onlyDevExpiryReminders(kw)
  await kw.selectProfile('Sandbox dev')
  await kw.openToken('Billing export')
  await kw.detail.getByRole('group', { name: 'Snooze reminders' }).getByRole('button', { name: '1 week' }).click()
  await expect(kw.detail.getByRole('status')).toContainText('snoozed until')

  await app.checkReminders()
  expect((await app.notifications()).map((n) => n.title)).toEqual(['Token expired: Old webhook relay'])
})

test('a notification clicked while a form is open closes the form instead of retargeting it', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  // Prod's list is fetched in the background for its sidebar count, and cached.
  await expect(kw.profileButton('Sandbox prod')).toHaveAccessibleName(/\d+ need(s)? attention/)
  const readJson = async (file: string) => JSON.parse(await readFile(join(app.userDataDir, file), 'utf8'))
  const prodId: string = (await readJson('config.json')).profiles.find((p: { name: string }) => p.name === 'Sandbox prod').id
  let prodToken: { id: string } | undefined
  await expect
    .poll(async () => {
      prodToken = (await readJson('token-cache.json').catch(() => ({})))[prodId]?.tokens.find((t: { name: string }) => t.name === 'Billing export')
      return prodToken
    })
    .toBeTruthy()

  await app.page.getByRole('button', { name: 'New token' }).click()
  const create = app.page.getByRole('dialog', { name: /New token/ })
  await expect(create).toBeVisible()
  await app.clickNotification({ id: 'n1', title: 'Billing export expires in 5 days', body: '', target: { profileId: prodId, tokenId: prodToken!.id } })
  await expect(create).toHaveCount(0)
  await expect(app.page.getByRole('heading', { level: 1, name: /^Sandbox prod/ })).toBeVisible()
})

test('reminder rules: a token just created needs nothing; one being replaced by a rotation is not reminded', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await onlyDevExpiryReminders(kw)
  await kw.selectProfile('Sandbox dev')

  // Created with the default 30-day expiry: not expiring, not counted, no notification.
  const before = (await kw.profileButton('Sandbox dev').textContent()) ?? ''
  seenSecrets.push(await kw.createToken('e2e fresh key', { expiry: '30 days' }))
  await kw.copyAndCloseShowOnce()
  const fresh = kw.tokenRow('e2e fresh key')
  await expect(fresh).toContainText(/in (29|30) days/)
  await expect(fresh).not.toContainText('Expiring')
  await expect(kw.profileButton('Sandbox dev')).toHaveText(before)

  // Billing export expires in 5 days; rotated with a grace period it is ending on purpose.
  await kw.openToken('Billing export')
  await kw.detail.getByRole('button', { name: 'Rotate…' }).click()
  const dialog = app.page.getByRole('dialog', { name: /Rotate “Billing export”/ })
  await dialog.getByRole('radio', { name: /^24 hours/ }).check()
  await dialog.getByRole('button', { name: 'Rotate token' }).click()
  seenSecrets.push(await kw.shownSecret())
  await kw.copyAndCloseShowOnce()
  await kw.filter(/^Active/).click()
  await expect(kw.tokenRow('Billing export')).toHaveCount(2)
  await expect(kw.tokenRow('Billing export').filter({ hasText: 'Being replaced' })).toHaveCount(1)
  await expect(kw.tokenRow('Billing export').filter({ hasText: 'Expiring' })).toHaveCount(0)

  await app.checkReminders()
  const titles = (await app.notifications()).map((n) => n.title)
  expect(titles).toEqual(['Token expired: Old webhook relay'])
})
