import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { audit } from './pages/axe'
import { KeywardPage } from './pages/keyward-page'

const settingsHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Settings' })
const clipField = (page: Page) => page.getByRole('textbox', { name: 'Clear copied secrets after' })
const leaveDialog = (page: Page) => page.getByRole('dialog', { name: 'Save changes to Settings?' })

test('leaving Settings with unsaved changes asks: Keep editing stays, Discard drops, Save keeps them after a reload', async ({ app }) => {
  test.setTimeout(90_000)
  const page = app.page
  const kw = new KeywardPage(page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  await kw.openSettings()
  await expect(clipField(page)).toHaveValue('30')

  // Keep editing: still on Settings with the value; focus back on what was clicked.
  await clipField(page).fill('45')
  await kw.profileButton('Sandbox staging').click()
  await expect(leaveDialog(page)).toBeVisible()
  await expect(leaveDialog(page).getByRole('button', { name: 'Save', exact: true })).toBeFocused()
  const found: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await audit(page, 'leave settings dialog', theme, found)
  }
  await leaveDialog(page).getByRole('button', { name: 'Keep editing' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(settingsHeading(page)).toBeVisible()
  await expect(clipField(page)).toHaveValue('45')
  await expect(kw.profileButton('Sandbox staging')).toBeFocused()

  // Escape on the page asks too; Escape on the question keeps editing.
  await clipField(page).focus()
  await page.keyboard.press('Escape')
  await expect(leaveDialog(page)).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(clipField(page)).toHaveValue('45')

  // Discard: gone where the click was going, and the change is gone.
  await kw.profileButton('Sandbox staging').click()
  await leaveDialog(page).getByRole('button', { name: 'Discard' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /^Sandbox staging/ })).toBeVisible()
  await kw.openSettings()
  await expect(clipField(page)).toHaveValue('30')

  // Save, from Ctrl+K opening a token: saved, then the token is open.
  await clipField(page).fill('45')
  await page.keyboard.press('Control+k')
  const switcher = page.getByRole('dialog', { name: 'Find a token' })
  await switcher.getByRole('combobox', { name: 'Search all tokens' }).fill('billing export prod')
  await expect(switcher.getByRole('option').first()).toContainText('Billing export')
  await page.keyboard.press('Alt+Enter')
  await leaveDialog(page).getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(kw.detail.getByRole('heading', { name: 'Billing export', exact: true })).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: /^Sandbox prod/ })).toBeVisible()

  await page.reload()
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  await kw.openSettings()
  await expect(clipField(page)).toHaveValue('45')

  // Unsaved and the window is closed or reloaded: the browser asks first (beforeunload).
  await clipField(page).fill('50')
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.type())
      void dialog.dismiss()
    }),
  )
  void page.evaluate(() => location.reload()).catch(() => {})
  expect(await asked).toBe('beforeunload')
  await expect(clipField(page)).toHaveValue('50')
  // Back to the saved value: nothing unsaved, so closing the app (Electron mode) asks nothing.
  await clipField(page).fill('45')
  expect(found).toEqual([])
})

test('a settings error names its field: beside it, described by it, marked invalid, focused; Save from the question says what to fix', async ({ app }) => {
  const page = app.page
  const kw = new KeywardPage(page)
  await kw.openSettings()
  const message = 'Clipboard clear delay must be a whole number of seconds between 10 and 300.'
  await clipField(page).fill('5')
  await expect(clipField(page)).not.toHaveAttribute('aria-invalid', 'true')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(clipField(page)).toHaveAttribute('aria-invalid', 'true')
  await expect(clipField(page)).toHaveAccessibleDescription(message)
  await expect(clipField(page)).toBeFocused()
  // Only that field: the others are not marked.
  await expect(page.getByRole('textbox', { name: 'Rotation age' })).not.toHaveAttribute('aria-invalid', 'true')

  const found: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await audit(page, 'settings with a field error', theme, found)
  }

  // The message follows the typing; fixed, it goes.
  await page.getByRole('textbox', { name: 'Rotation age' }).fill('0')
  await expect(page.getByRole('textbox', { name: 'Rotation age' })).toHaveAccessibleDescription(/^Tokens older than this are due for rotation\. Rotation age must be a whole number of days between 1 and 3650\.$/)
  await page.getByRole('textbox', { name: 'Rotation age' }).fill('90')
  await expect(page.getByRole('textbox', { name: 'Rotation age' })).toHaveAccessibleDescription('Tokens older than this are due for rotation.')

  // Save from the question with a wrong field: nothing saved, the question says what to fix.
  await kw.profileButton('Sandbox dev').click()
  await leaveDialog(page).getByRole('button', { name: 'Save', exact: true }).click()
  await expect(leaveDialog(page).getByRole('alert')).toContainText(message)
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await audit(page, 'leave settings dialog with a field error', theme, found)
  }
  await leaveDialog(page).getByRole('button', { name: 'Keep editing' }).click()
  await expect(clipField(page)).toBeFocused()
  await clipField(page).fill('30')
  expect(found).toEqual([])
})
