import { PROVIDER_IDS } from '@shared/providers'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LockableKeytar } from '../src-main/core/testing/lockable-keytar'
import { KeytarVault, VAULT_SERVICE } from '../src-main/core/vault'
import { startTokenApi } from '../src-main/token-api/server'
import { launchApp } from './app'
import { expect, test } from './fixtures'
import { audit } from './pages/axe'
import { KeywardPage } from './pages/keyward-page'

for (const theme of ['light', 'dark'] as const) {
  test(`axe: every screen and dialog has no serious or critical violation (${theme})`, async ({ app, seenSecrets }) => {
    test.setTimeout(120_000)
    const page = app.page
    const kw = new KeywardPage(page)
    await page.emulateMedia({ colorScheme: theme })
    const found: string[] = []
    await expect(kw.tokenRow('Billing export')).toBeVisible()
    await expect(kw.profileButton('Sandbox prod')).toHaveAccessibleName(/\d+ need(s)? attention/)
    await audit(page, 'list', theme, found)

    await kw.openToken('Billing export')
    await audit(page, 'details', theme, found)

    await page.getByRole('button', { name: 'New token' }).click()
    await expect(page.getByRole('dialog', { name: 'New token' })).toBeVisible()
    await audit(page, 'create', theme, found)
    await page.getByRole('dialog', { name: 'New token' }).getByRole('button', { name: 'Cancel' }).click()

    seenSecrets.push(await kw.createToken(`e2e axe ${theme}`))
    await audit(page, 'show-once', theme, found)
    await kw.copyAndCloseShowOnce()

    await kw.openToken(`e2e axe ${theme}`)
    await kw.detail.getByRole('button', { name: 'Rotate…' }).click()
    await expect(page.getByRole('dialog', { name: /Rotate/ })).toBeVisible()
    await audit(page, 'rotate', theme, found)
    await page.keyboard.press('Escape')
    await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
    await expect(page.getByRole('dialog', { name: /Revoke/ })).toBeVisible()
    await audit(page, 'revoke', theme, found)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)

    // The prod profile: its warning strip and PROD badge, the most safety-critical labels.
    await kw.selectProfile('Sandbox prod')
    await audit(page, 'prod list', theme, found)
    await kw.openToken('Billing export')
    await kw.detail.getByRole('button', { name: 'Revoke…' }).click()
    await expect(page.getByRole('dialog', { name: /Revoke/ })).toBeVisible()
    await audit(page, 'prod revoke', theme, found)
    await page.keyboard.press('Escape')

    await page.getByRole('button', { name: 'Edit profile' }).click()
    await expect(page.getByRole('dialog', { name: /Edit profile/ })).toBeVisible()
    await audit(page, 'edit profile', theme, found)
    await page.keyboard.press('Escape')
    await kw.sidebar.getByRole('button', { name: '+ Add profile' }).click()
    const addProfile = page.getByRole('dialog', { name: 'Add profile' })
    await expect(addProfile).toBeVisible()
    // Each provider changes the form: its fields, hints and what Keyward can do with it.
    for (const provider of PROVIDER_IDS) {
      await addProfile.getByRole('combobox', { name: 'Provider' }).selectOption(provider)
      await expect(addProfile.getByRole('heading', { name: /^What Keyward can do with/ })).toBeVisible()
      await audit(page, `add profile ${provider}`, theme, found)
    }
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)

    // A profile for secrets from any dashboard: its add, replace and forget dialogs.
    await kw.addProfile({ name: `e2e vendors ${theme}`, provider: 'any-secret' })
    await page.getByRole('button', { name: 'Add secret' }).click()
    const addSecret = page.getByRole('dialog', { name: 'Add a secret' })
    await addSecret.getByRole('button', { name: 'Add secret' }).click()
    await expect(addSecret.getByText('Paste the secret.')).toBeVisible()
    await audit(page, 'add secret (with errors)', theme, found)
    await addSecret.getByRole('textbox', { name: 'Name' }).fill('Stripe webhooks')
    await addSecret.getByRole('textbox', { name: 'Provider' }).fill('Stripe')
    const vendorSecret = `whsec_e2e_axe_${theme}_0123456789abcdef`
    seenSecrets.push(vendorSecret)
    await addSecret.getByLabel('Secret', { exact: true }).fill(vendorSecret)
    await addSecret.getByRole('button', { name: 'Add secret' }).click()
    await expect(page.getByRole('dialog')).toHaveCount(0)
    await kw.openToken('Stripe webhooks')
    await audit(page, 'any-secret details', theme, found)
    await kw.detail.getByRole('button', { name: 'Replace secret…' }).click()
    await expect(page.getByRole('dialog', { name: /Replace the secret/ })).toBeVisible()
    await audit(page, 'replace secret', theme, found)
    await page.keyboard.press('Escape')
    await kw.detail.getByRole('button', { name: 'Forget…' }).click()
    await expect(page.getByRole('dialog', { name: /Forget/ })).toBeVisible()
    await audit(page, 'forget secret', theme, found)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)

    await page.keyboard.press('Control+k')
    const switcher = page.getByRole('dialog', { name: 'Find a token' })
    await switcher.getByRole('combobox', { name: 'Search all tokens' }).fill('billing')
    await expect(switcher.getByRole('option').first()).toBeVisible()
    await audit(page, 'quick switcher', theme, found)
    await page.keyboard.press('Escape')

    await kw.openSettings()
    await audit(page, 'settings', theme, found)

    expect(found).toEqual([])
  })
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe: the banners — keychain unavailable, sandbox failure, offline — have no serious or critical violation (${theme})`, async ({ app, seenSecrets }) => {
    test.skip(app.mode !== 'browser', 'replaces the keychain and the sandbox starter of the in-process core')
    test.setTimeout(120_000)
    const found: string[] = []
    // A locked keychain, and a sandbox that cannot start: both banners at once.
    const keytar = new LockableKeytar()
    keytar.locked = true
    const broken = await launchApp({
      colorScheme: theme,
      core: {
        vault: new KeytarVault(keytar, VAULT_SERVICE.development),
        startSandbox: async () => {
          throw new Error('port 4010 is taken')
        },
      },
    })
    try {
      await expect(broken.page.getByRole('alert').filter({ hasText: 'Keychain unavailable.' })).toBeVisible()
      await expect(broken.page.getByRole('alert').filter({ hasText: 'Sandbox problem.' })).toBeVisible()
      await audit(broken.page, 'keychain and sandbox banners', theme, found)
    } finally {
      await broken.close()
    }

    // Offline: a profile on a Token API that stops answering.
    const dataDir = await mkdtemp(join(tmpdir(), 'keyward-e2e-api-'))
    const api = await startTokenApi({ dataDir })
    try {
      const page = app.page
      await page.emulateMedia({ colorScheme: theme })
      const org = api.organizations.find((o) => o.environment === 'staging')!
      seenSecrets.push(org.admin_key!)
      const kw = new KeywardPage(page)
      await kw.addProfile({ name: 'Team staging', environment: 'staging', baseUrl: api.url, credential: org.admin_key! })
      await expect(kw.tokenRow('Billing export')).toBeVisible()
      await api.close()
      await page.getByRole('button', { name: 'Refresh' }).click()
      await expect(page.getByRole('status').filter({ hasText: 'Can’t reach' })).toBeVisible()
      await audit(page, 'offline banner', theme, found)
    } finally {
      await api.close().catch(() => {})
      await rm(dataDir, { recursive: true, force: true })
    }
    expect(found).toEqual([])
  })
}
