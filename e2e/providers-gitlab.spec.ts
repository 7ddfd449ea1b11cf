import { startFakeGitlab, type FakeGitlab } from '../src-main/core/testing/fake-gitlab'
import { expect, test } from './fixtures'
import { audit } from './pages/axe'
import { KeywardPage } from './pages/keyward-page'

let gitlab: FakeGitlab
test.beforeAll(async () => {
  gitlab = await startFakeGitlab()
})
test.afterAll(async () => {
  await gitlab.close()
})

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

test('GitLab: the credential is identified; last use and expiry listed; create within GitLab’s limits; rotate with its rules, once; revoke; copy', async ({ app, seenSecrets }) => {
  test.setTimeout(90_000)
  const user = gitlab.addUser(`e2e-gl-${Date.now()}`)
  const credential = gitlab.issue(user.id, { name: 'Keyward', scopes: ['api'], expiresAt: inDays(200) })
  const ci = gitlab.issue(user.id, { name: 'CI deploy', scopes: ['read_api'], expiresAt: inDays(3) })
  seenSecrets.push(credential.secret, ci.secret)
  const page = app.page
  const kw = new KeywardPage(page)

  await kw.addProfile({ name: 'GitLab (self-managed)', provider: 'gitlab', baseUrl: gitlab.url, credential: credential.secret }, async (dialog) => {
    await expect(dialog.getByText('https://gitlab.com, or your self-managed GitLab')).toBeVisible()
    await expect((await kw.providerNotes(dialog, 'GitLab')).getByText('rotating a token GitLab already revoked makes GitLab revoke every token of its family')).toBeVisible()
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await expect(dialog.getByRole('status')).toContainText(`Connected to`)
    await expect(dialog.getByRole('status')).toContainText('This credential is the token “Keyward”')
  })

  // Listed with what GitLab tells: CI deploy expires in 3 days, the credential was just used.
  await expect(kw.tokenRow('CI deploy')).toContainText('Expiring')
  await expect(kw.tokenRow('Keyward')).not.toContainText('Never')

  // Create: only the scopes GitLab's API allows, and the dialog says so.
  await page.getByRole('button', { name: 'New token' }).click()
  const create = page.getByRole('dialog', { name: 'New token' })
  await expect(create.getByRole('note')).toContainText('k8s_proxy and self_rotate scopes only')
  await create.getByRole('textbox', { name: 'Name' }).fill('e2e agent')
  await create.getByRole('checkbox', { name: /^k8s_proxy\b/ }).check()
  await create.getByRole('button', { name: 'Create token' }).click()
  const created = await kw.shownSecret(/^glpat-/)
  seenSecrets.push(created)
  await kw.copyAndCloseShowOnce()
  expect(await app.clipboard()).toBe(created)

  // Rotate: no grace period to choose, and both of GitLab's rules before the user confirms.
  await kw.openToken('CI deploy')
  await kw.detail.getByRole('button', { name: 'Rotate…' }).click()
  const rotate = page.getByRole('dialog', { name: 'Rotate “CI deploy”' })
  const rules = rotate.getByRole('list', { name: 'How GitLab rotates' })
  await expect(rules).toContainText('GitLab revokes the old token the moment it issues the new one.')
  await expect(rules).toContainText('never retries it')
  await expect(rotate.getByRole('radio', { name: /^None/ })).toHaveCount(0)
  const found: string[] = []
  await audit(page, 'gitlab rotate', 'light', found)
  expect(found).toEqual([])
  await rotate.getByRole('button', { name: 'Rotate token' }).click()
  const rotated = await kw.shownSecret(/^glpat-/)
  seenSecrets.push(rotated)
  await kw.copyAndCloseShowOnce()
  expect(gitlab.requests.filter((r) => r.includes('/rotate'))).toHaveLength(1)

  // The old one is revoked at once; it offers no rotation, and says why.
  await kw.filter(/^Revoked/).click()
  await kw.openToken('CI deploy')
  await expect(kw.detail.getByRole('button', { name: 'Rotate…' })).toHaveCount(0)
  await expect(kw.detail).toContainText('This token is revoked: Keyward does not rotate it.')

  // Revoke the created one.
  await kw.filter(/^Active/).click()
  await kw.openToken('e2e agent')
  await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
  await page.getByRole('dialog', { name: 'Revoke “e2e agent”?' }).getByRole('button', { name: 'Revoke token' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await kw.filter(/^Revoked/).click()
  await expect(kw.tokenRow('e2e agent')).toContainText('Revoked')
  expect([...gitlab.tokens.values()].find((t) => t.name === 'e2e agent')?.revoked).toBe(true)
})
