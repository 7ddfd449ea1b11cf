/**
 * Screenshots of every screen at the window's minimum size (760×600), 1280×800 and 200% zoom, in
 * light and dark (issue 14), for a person to look at. Not part of the suite (see docs/testing.md):
 *
 *   npx electron-vite build && bash .ci/with-keyring.sh npx playwright test -c e2e/tools/playwright.screens.config.ts
 *
 * Writes <size>-<theme>-<screen>.png to KEYWARD_SHOTS_DIR (default test-results/screens). Every step
 * clicks as a user would: a button that is off screen or under an overlay fails the run.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { startTokenApi } from '../../src-main/token-api/server'
import { launchApp } from '../app'
import { KeywardPage } from '../pages/keyward-page'

const DIR = process.env.KEYWARD_SHOTS_DIR ?? resolve(import.meta.dirname, '../../test-results/screens')
const SIZES = [
  { name: '760', viewport: { width: 760, height: 600 }, scale: 1 },
  { name: '1280', viewport: { width: 1280, height: 800 }, scale: 1 },
  // A 1280×800 window at 200% zoom: half as many CSS pixels, each drawn twice as large.
  { name: 'zoom200', viewport: { width: 640, height: 400 }, scale: 2 },
] as const

for (const size of SIZES) {
  for (const theme of ['light', 'dark'] as const) {
    test(`screens at ${size.name}, ${theme}`, async () => {
      const app = await launchApp({ viewport: size.viewport, deviceScaleFactor: size.scale, colorScheme: theme })
      const page = app.page
      const kw = new KeywardPage(page)
      const shot = async (screen: string) => {
        // Let transitions and a late list refresh settle before the picture.
        await page.waitForTimeout(300)
        await page.screenshot({ path: join(DIR, `${size.name}-${theme}-${screen}.png`) })
      }
      try {
        await expect(kw.tokenRow('Billing export')).toBeVisible()
        await expect(kw.profileButton('Sandbox prod').getByLabel(/ attention$/)).toBeVisible()
        await shot('welcome')
        await page.getByRole('region', { name: 'Welcome to Keyward' }).getByRole('button', { name: 'Dismiss' }).click()
        await shot('list')

        await kw.openToken('Billing export')
        await shot('details')
        await kw.detail.getByRole('button', { name: 'Close details' }).click()

        await openAndShoot(page, page.getByRole('button', { name: 'New token' }), 'New token', () => shot('create'))
        const name = `Shot ${theme} ${size.name}`
        await kw.createToken(name)
        await shot('show-once')
        await kw.copyAndCloseShowOnce()
        // The new token's details open after the show-once view.
        await expect(kw.detail.getByRole('heading', { name, exact: true })).toBeVisible()
        await openAndShoot(page, kw.detail.getByRole('button', { name: 'Rotate…' }), /^Rotate/, () => shot('rotate'))
        await openAndShoot(page, kw.detail.getByRole('button', { name: 'Revoke…' }), /^Revoke/, () => shot('revoke'))
        await kw.detail.getByRole('button', { name: 'Close details' }).click()

        const addProfile = kw.sidebar.getByRole('button', { name: '+ Add profile' })
        await openAndShoot(page, addProfile, 'Add profile', () => shot('add-profile'))
        await openAndShoot(page, addProfile, 'Add profile', async (dialog) => {
          await dialog.getByRole('combobox', { name: 'Provider' }).selectOption('npm')
          await expect(dialog.getByRole('textbox', { name: 'Base URL' })).toHaveValue(/registry\.npmjs\.org/)
          await shot('add-profile-npm')
        })
        await openAndShoot(page, page.getByRole('button', { name: 'Edit profile' }), /^Edit profile/, () => shot('edit-profile'))

        await page.keyboard.press('Control+k')
        await page.getByRole('combobox', { name: 'Search all tokens' }).fill('deploy')
        await expect(page.getByRole('option').first()).toBeVisible()
        await shot('quick-switcher')
        await page.keyboard.press('Escape')
        await expect(page.getByRole('dialog')).toHaveCount(0)

        await kw.selectProfile('Sandbox prod')
        await shot('prod-list')
        await kw.openSettings()
        await shot('settings')

        await shootOffline(page, kw, () => shot('offline'))
      } finally {
        await app.close()
      }
    })
  }
}

/** Opens a dialog as a user would, pictures it, and closes it with Escape. */
async function openAndShoot(page: Page, opener: Locator, title: string | RegExp, picture: (dialog: Locator) => Promise<void>): Promise<void> {
  await opener.click()
  const dialog = page.getByRole('dialog', { name: title })
  await expect(dialog).toBeVisible()
  await picture(dialog)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
}

/** The offline banner: a profile on a Token API that stops answering, refreshed. */
async function shootOffline(page: Page, kw: KeywardPage, picture: () => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-shots-api-'))
  const api = await startTokenApi({ dataDir })
  try {
    const org = api.organizations.find((o) => o.environment === 'staging')!
    await kw.addProfile({ name: 'Team staging', environment: 'staging', baseUrl: api.url, credential: org.admin_key! })
    await expect(kw.tokenRow('Billing export')).toBeVisible()
    await api.close()
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Can’t reach' })).toBeVisible()
    await picture()
  } finally {
    await api.close().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
  }
}
