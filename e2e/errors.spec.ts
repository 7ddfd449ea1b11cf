import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator } from '@playwright/test'
import { request } from 'undici'
import { startTokenApi } from '../src-main/token-api/server'
import { formatSecret } from '@shared/token-format'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('a malformed or refused credential gets an error that says what to do', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox dev')
  await app.page.getByRole('button', { name: 'Edit profile' }).click()
  const dialog = app.page.getByRole('dialog', { name: 'Edit profile “Sandbox dev”' })
  const credential = dialog.getByLabel('New credential (optional)')

  // Checked offline first: a truncated paste.
  await credential.fill('sk_test_abc123')
  await credential.blur()
  await expect(dialog.getByText(/should be 50 characters long/)).toBeVisible()

  // Well-formed but unknown to the API: the API refuses it.
  const wrong = formatSecret('sk_test_', 'A'.repeat(36))
  seenSecrets.push(wrong)
  await credential.fill(`  ${wrong}\n`)
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  await expect(dialog.getByRole('alert')).toContainText(/refused this credential: it is invalid, expired or revoked/)
  await dialog.getByRole('button', { name: 'Save profile' }).click()
  await expect(dialog.getByRole('alert')).toContainText(/invalid, expired or revoked/)
  await dialog.getByRole('button', { name: 'Cancel' }).click()

  // The profile's own credential revoked on the server: listing now fails with a 401 the user can fix.
  await kw.openToken('Admin')
  await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
  const revoke = app.page.getByRole('dialog', { name: 'Revoke “Admin”?' })
  await revoke.getByRole('button', { name: 'Revoke token' }).click()
  // Revoking the profile's own key: the revoke lands, and core's follow-up call is already refused.
  const refused = revoke.getByRole('alert').filter({ hasText: /invalid, expired or revoked/ })
  // Either outcome is honest (closed, or refused with the 401 message); wait for one, never a sleep.
  await expect.poll(async () => (await revoke.count()) === 0 || (await refused.count()) > 0).toBe(true)
  if ((await revoke.count()) > 0) await revoke.getByRole('button', { name: 'Cancel' }).click()
  await expect(app.page.getByRole('dialog')).toHaveCount(0)
  await app.page.getByRole('button', { name: 'Refresh' }).click()
  const alert = app.page.getByRole('alert').filter({ hasText: 'Couldn’t load tokens.' })
  await expect(alert).toContainText(/invalid|revoked/i)
  await expect(app.page.getByRole('button', { name: 'Update credential' })).toBeVisible()
})

test('a credential without the scope an action needs: the error names the scope', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox dev')
  const host = (await app.page.getByRole('main').getByText(/^127\.0\.0\.1:\d+$/).textContent())!
  // A read-only key, made in the app, becomes the credential of a second profile.
  const readOnly = await kw.createToken('e2e read-only credential', { scopes: ['api_keys:read'] })
  seenSecrets.push(readOnly)
  await kw.copyAndCloseShowOnce()

  await kw.addProfile({ name: 'Read-only dev', baseUrl: `http://${host}`, credential: readOnly })
  await expect(kw.tokenRow('Billing export')).toBeVisible()

  await app.page.getByRole('button', { name: 'New token' }).click()
  const create = app.page.getByRole('dialog', { name: 'New token' })
  await create.getByRole('textbox', { name: 'Name' }).fill('e2e should fail')
  await create.getByRole('checkbox', { name: /^account:read\b/ }).check()
  await create.getByRole('button', { name: 'Create token' }).click()
  await expect(create.getByRole('alert')).toContainText('api_keys:write')
})

/** Tests the filled Add profile form against the server before saving: it must reach `orgName`. */
function connectsTo(orgName: string) {
  return async (dialog: Locator): Promise<void> => {
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await expect(dialog.getByRole('status')).toContainText(`Connected to ${orgName}`)
  }
}

test('API down: an offline banner with the time of the cached list, which stays on screen', async ({ app, seenSecrets }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-e2e-api-'))
  const api = await startTokenApi({ dataDir })
  try {
    const org = api.organizations.find((o) => o.environment === 'staging')!
    const credential = org.admin_key!
    seenSecrets.push(credential)
    const kw = new KeywardPage(app.page)
    await kw.addProfile({ name: 'Team staging', environment: 'staging', baseUrl: api.url, credential }, connectsTo(org.name))
    await expect(kw.tokenRow('Billing export')).toBeVisible()

    await api.close()
    await app.page.getByRole('button', { name: 'Refresh' }).click()
    const host = new URL(api.url).host
    const banner = app.page.getByRole('status').filter({ hasText: `Can’t reach ${host} — showing the list from` })
    await expect(banner).toBeVisible()
    // The host is named once, not again in the reason.
    expect(((await banner.textContent()) ?? '').split(host)).toHaveLength(2)
    await expect(kw.tokenRow('Billing export')).toBeVisible()
    // What needs the API is disabled while offline, and says why.
    const newToken = app.page.getByRole('button', { name: 'New token' })
    await expect(newToken).toBeDisabled()
    await expect(newToken).toHaveAccessibleDescription(/^Can’t reach .* Creating, rotating and revoking wait until it answers/)
    await kw.openToken('Billing export')
    await expect(kw.detail.getByRole('button', { name: 'Rotate…' })).toBeDisabled()
    await expect(kw.detail.getByText(`Offline: rotating, revoking and importing wait until ${host} answers.`)).toBeVisible()
  } finally {
    await api.close().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
  }
})

test('a suspended organization: the error says so and who can fix it', async ({ app, seenSecrets }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-e2e-api-'))
  const api = await startTokenApi({ dataDir })
  try {
    const org = api.organizations.find((o) => o.environment === 'staging')!
    seenSecrets.push(org.admin_key!)
    const kw = new KeywardPage(app.page)
    await kw.addProfile(
      { name: 'Suspended staging', environment: 'staging', baseUrl: api.url, credential: org.admin_key! },
      connectsTo(org.name),
    )
    await expect(kw.tokenRow('Billing export')).toBeVisible()

    const suspend = await request(`${api.url}/v1/operator/organizations/${org.id}/suspend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.operatorToken}` },
    })
    expect(suspend.statusCode).toBe(200)
    await suspend.body.dump()
    await app.page.getByRole('button', { name: 'Refresh' }).click()
    await expect(app.page.getByRole('alert').filter({ hasText: 'The organization of this profile is suspended. Ask its administrator to reactivate it.' })).toBeVisible()
    // The credential is fine: nothing suggests replacing it.
    await expect(app.page.getByRole('button', { name: 'Update credential' })).toHaveCount(0)
  } finally {
    await api.close().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
  }
})
