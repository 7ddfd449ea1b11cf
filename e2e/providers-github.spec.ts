import { startFakeGithub, type FakeGithub } from '../src-main/core/testing/fake-github'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

let github: FakeGithub
test.beforeAll(async () => {
  // Mounted like GitHub Enterprise Server, at /api/v3.
  github = await startFakeGithub({ prefix: '/api/v3' })
})
test.afterAll(async () => {
  await github.close()
})

/** A token in GitHub's classic format (ghp_ + 36 characters), unique per call. */
const ghToken = (tag: string) => `ghp_${`${tag}${Date.now().toString(36)}`.padEnd(36, 'x').slice(0, 36)}`

test('GitHub: validate and watch — identified, expiry from GitHub’s header with a reminder, no create or rotate and why, add, copy, revoke by value', async ({ app, seenSecrets }) => {
  test.setTimeout(90_000)
  const credential = ghToken('e2ecred')
  const other = ghToken('e2eother')
  seenSecrets.push(credential, other)
  github.tokens.set(credential, { login: 'octo-e2e', userId: 4242, scopes: ['repo', 'read:org'], expiresAt: new Date(Date.now() + 3 * 86_400_000), revoked: false })
  github.tokens.set(other, { login: 'octo-e2e', userId: 4242, scopes: null, expiresAt: new Date(Date.now() + 60 * 86_400_000), revoked: false })
  const page = app.page
  const kw = new KeywardPage(page)
  // The sandbox's sample tokens are reminded first (once, as a digest); what comes after is this spec's.
  await app.checkReminders()
  const earlier = (await app.notifications()).length

  await kw.addProfile({ name: 'GitHub Enterprise', provider: 'github', baseUrl: github.url, credential }, async (dialog) => {
    await expect(dialog.getByText('/api/v3 for GitHub Enterprise Server')).toBeVisible()
    await expect((await kw.providerNotes(dialog, 'GitHub')).getByText('GitHub has no API to rotate personal access tokens')).toBeVisible()
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await expect(dialog.getByRole('status')).toContainText('Connected to octo-e2e')
  })

  // Keyward's own list starts with the credential; its expiry is GitHub's header's.
  const row = kw.tokenTable.getByRole('row').nth(1)
  await expect(row).toContainText('Expiring')
  await expect(row).toContainText('Not reported')
  await expect(page.getByRole('button', { name: 'New token' })).toHaveCount(0)
  await expect(page.getByRole('main')).toContainText('GitHub has no API to create personal access tokens: create one on GitHub, then add it here.')

  // The reminder comes from that header too.
  await app.checkReminders()
  await expect.poll(async () => (await app.notifications()).slice(earlier).map((n) => `${n.title} ${n.body}`)).toEqual([expect.stringMatching(/octo-e2e.*expires/s)])

  // No rotation, and the details say why where the button would be.
  await row.click()
  await expect(kw.detail.getByRole('button', { name: 'Rotate…' })).toHaveCount(0)
  await expect(kw.detail).toContainText('GitHub has no API to rotate personal access tokens: regenerate it on GitHub, add the new value with Add token, then revoke the old one.')

  // Add another token made on GitHub, copy it, revoke it by value.
  await page.getByRole('button', { name: 'Add token' }).click()
  const add = page.getByRole('dialog', { name: 'Add a token' })
  await add.getByLabel('Secret').fill(other)
  await add.getByRole('button', { name: 'Add token' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(kw.tokenTable.getByRole('row')).toHaveCount(3)
  const added = kw.tokenTable.getByRole('row').filter({ hasText: 'in 2 months' })
  await added.click()
  await kw.detail.getByRole('button', { name: 'Copy secret' }).click()
  await expect.poll(() => app.clipboard()).toBe(other)
  await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
  const revoke = page.getByRole('dialog', { name: /^Revoke/ })
  await expect(revoke.getByRole('note')).toContainText('GitHub emails the owner')
  await revoke.getByRole('button', { name: 'Revoke token' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  expect(github.tokens.get(other)?.revoked).toBe(true)
  // Sent as GitHub requires: without signing in.
  expect(github.requests.filter((r) => r.path.endsWith('/credentials/revoke')).map((r) => r.authenticated)).toEqual([false])
})
