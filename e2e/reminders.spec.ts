import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

test('first launch is quiet: the sandbox’s sample tokens show their warnings but notify nothing', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toContainText('Expiring')
  await expect(kw.profileButton('Sandbox prod')).toHaveAccessibleName(/\d+ need(s)? attention/)
  await app.checkReminders()
  expect(await app.notifications()).toEqual([])
})

test('many of the user’s due reminders arrive as one digest, once, counted as the sidebar counts; clicking it opens the attention filter', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  const attention = async () => Number(/^(\d+) need/.exec((await kw.profileButton('Sandbox dev').getByLabel(/ attention$/).getAttribute('aria-label')) ?? '')?.[1])
  await expect(kw.profileButton('Sandbox dev')).toHaveAccessibleName(/\d+ need(s)? attention/)
  const before = await attention()
  // Four tokens of the user's own, each with a week to live: within the 7-day lead time.
  for (const n of [1, 2, 3, 4]) {
    seenSecrets.push(await kw.createToken(`e2e week ${n}`, { expiry: '7 days' }))
    await kw.copyAndCloseShowOnce()
  }
  await expect(kw.profileButton('Sandbox dev')).toHaveAccessibleName(new RegExp(`\\b${before + 4} need`))
  await app.checkReminders()
  const shown = await app.notifications()
  expect(shown.map((n) => [n.title, n.target])).toEqual([['4 tokens need attention', null]])

  // Fired reminders do not fire again.
  await app.checkReminders()
  expect(await app.notifications()).toHaveLength(1)

  await app.clickNotification(shown[0]!)
  await expect(kw.filter(/^Needs attention/)).toHaveAttribute('aria-pressed', 'true')
  await expect(kw.filter(/^Needs attention/)).toHaveAccessibleName(new RegExp(`^Needs attention ${before + 4}$`))
  await expect(kw.tokenRow('Leaked laptop key')).toHaveCount(0)
  await expect(kw.tokenRow('Old webhook relay')).toHaveCount(0)
  for (const n of [1, 2, 3, 4]) await expect(kw.tokenRow(`e2e week ${n}`)).toBeVisible()
})

/** Tokens of the user's own with a week to live, each expiring within the 7-day lead time. */
async function weekTokens(kw: KeywardPage, seenSecrets: string[], names: readonly string[]): Promise<void> {
  for (const name of names) {
    seenSecrets.push(await kw.createToken(name, { expiry: '7 days' }))
    await kw.copyAndCloseShowOnce()
  }
}

test('a few due reminders arrive one by one, once each; clicking one opens its token', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  await weekTokens(kw, seenSecrets, ['e2e one', 'e2e two'])

  await app.checkReminders()
  const shown = await app.notifications()
  expect(shown.map((n) => n.title).sort()).toEqual(['Token expires soon: e2e one', 'Token expires soon: e2e two'])
  expect(shown.find((n) => n.title.endsWith('e2e one'))?.body).toBe('"e2e one" in Sandbox dev expires within 7 days. Rotate it before it stops working.')
  await app.checkReminders()
  expect(await app.notifications()).toHaveLength(2)

  await kw.selectProfile('Sandbox prod')
  const two = shown.find((n) => n.title.endsWith('e2e two'))!
  await app.clickNotification(two)
  await expect(kw.detail.getByRole('heading', { name: 'e2e two' })).toBeVisible()
  await expect(kw.tokenRow('e2e two')).toHaveAttribute('aria-current', 'true')
})

test('a snoozed token stays quiet', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  await weekTokens(kw, seenSecrets, ['e2e loud', 'e2e snoozed'])
  await kw.openToken('e2e snoozed')
  await kw.detail.getByRole('group', { name: 'Snooze reminders' }).getByRole('button', { name: '1 week' }).click()
  await expect(kw.detail.getByRole('status').filter({ hasText: 'snoozed until' })).toBeVisible()

  await app.checkReminders()
  expect((await app.notifications()).map((n) => n.title)).toEqual(['Token expires soon: e2e loud'])
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

test('reminder rules: a token just created needs nothing; one being replaced by a rotation is not reminded, and sits next to its successor', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()

  // Created with the default 30-day expiry: not expiring, not counted, no notification.
  const before = (await kw.profileButton('Sandbox dev').textContent()) ?? ''
  seenSecrets.push(await kw.createToken('e2e fresh key', { expiry: '30 days' }))
  await kw.copyAndCloseShowOnce()
  const fresh = kw.tokenRow('e2e fresh key')
  await expect(fresh).toContainText(/in (29|30) days/)
  await expect(fresh).not.toContainText('Expiring')
  await expect(kw.profileButton('Sandbox dev')).toHaveText(before)

  // A week-long token of the user's is expiring; rotated with a grace period it is ending on purpose,
  // and its last day (within the 1-day lead time) asks for nothing.
  seenSecrets.push(await kw.createToken('e2e week key', { expiry: '7 days' }))
  await kw.copyAndCloseShowOnce()
  await expect(kw.tokenRow('e2e week key')).toContainText('Expiring')
  await kw.openToken('e2e week key')
  await kw.detail.getByRole('button', { name: 'Rotate…' }).click()
  const dialog = app.page.getByRole('dialog', { name: /Rotate “e2e week key”/ })
  await dialog.getByRole('radio', { name: /^24 hours/ }).check()
  await dialog.getByRole('radio', { name: '30 days' }).check()
  await dialog.getByRole('button', { name: 'Rotate token' }).click()
  seenSecrets.push(await kw.shownSecret())
  await kw.copyAndCloseShowOnce()
  await kw.filter(/^Active/).click()
  const rows = kw.tokenRow('e2e week key')
  await expect(rows).toHaveCount(2)
  await expect(rows.filter({ hasText: 'Being replaced' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'Expiring' })).toHaveCount(0)
  // Shown next to its successor: the two rows are neighbours in the table.
  const indexes = await kw.tokenTable.getByRole('row').evaluateAll((all) => all.map((r, i) => (r.textContent?.includes('e2e week key') ? i : -1)).filter((i) => i >= 0))
  expect(indexes).toHaveLength(2)
  expect(indexes[1]! - indexes[0]!).toBe(1)
  await expect(kw.tokenTable.getByRole('row').nth(indexes[1]!)).toContainText('Being replaced')

  await app.checkReminders()
  expect(await app.notifications()).toEqual([])
})
