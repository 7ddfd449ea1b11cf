import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('first run shows the sandbox profiles by environment, prod marked, with sample tokens and their warnings', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  const sidebar = kw.sidebar
  for (const group of ['Development', 'Staging', 'Production']) {
    await expect(sidebar.getByRole('heading', { name: group })).toBeVisible()
  }
  await expect(sidebar.getByRole('region', { name: 'Development' }).getByRole('button', { name: /^Sandbox dev/ })).toBeVisible()
  await expect(sidebar.getByRole('region', { name: 'Staging' }).getByRole('button', { name: /^Sandbox staging/ })).toBeVisible()
  const prod = sidebar.getByRole('region', { name: 'Production' }).getByRole('button', { name: /^Sandbox prod/ })
  await expect(prod).toContainText('PROD')

  // The first profile opens with its list; the attention count appears beside it.
  await expect(app.page.getByRole('heading', { level: 1, name: /^Sandbox dev/ })).toBeVisible()
  await expect(kw.profileButton('Sandbox dev')).toHaveAccessibleName(/\d+ need(s)? attention/)
  // Profiles not opened yet get their counts too, fetched in the background.
  await expect(kw.profileButton('Sandbox staging')).toHaveAccessibleName(/\d+ need(s)? attention/)
  await expect(kw.profileButton('Sandbox prod')).toHaveAccessibleName(/\d+ need(s)? attention/)

  const expired = kw.tokenRow('Old webhook relay')
  await expect(expired.getByRole('cell').last()).toHaveText(/Expired/)
  await expect(kw.tokenRow('Billing export')).toContainText(/Expiring/)
  await expect(kw.tokenRow('Reporting (never used)')).toContainText('Never used')
  await expect(kw.tokenRow('Leaked laptop key')).toContainText('Revoked')
  await expect(kw.tokenRow('Monitoring')).toContainText('Rotation due')

  // Exact time on hover, relative in the cell.
  const lastUsed = kw.tokenRow('Billing export').locator('time').nth(1)
  await expect(lastUsed).toHaveText(/ago$/)
  await lastUsed.hover()
  await expect(lastUsed).toHaveAttribute('title', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)

  // Filters: needs attention keeps only tokens with a warning.
  await kw.filter(/^Needs attention/).click()
  await expect(kw.filter(/^Needs attention/)).toHaveAttribute('aria-pressed', 'true')
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  await expect(kw.tokenRow('Leaked laptop key')).toHaveCount(0)
  await kw.filter(/^Revoked/).click()
  await expect(kw.tokenRow('Leaked laptop key')).toBeVisible()
  await expect(kw.tokenRow('Billing export')).toHaveCount(0)
  await kw.filter(/^All/).click()

  // Search by name.
  await kw.search.fill('billing')
  await expect(kw.tokenTable.getByRole('row')).toHaveCount(2)
  await kw.search.fill('')

  // Sort by name, both ways, with aria-sort telling which.
  const nameHeader = kw.tokenTable.getByRole('columnheader', { name: 'Name' })
  await nameHeader.getByRole('button').click()
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending')
  await expect(kw.tokenTable.getByRole('row').nth(1)).toContainText('Admin')
  await nameHeader.getByRole('button').click()
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending')
  await expect(kw.tokenTable.getByRole('row').nth(1)).toContainText('Sample token')

  // The detail panel shows every field and why the token needs attention.
  await kw.openToken('Billing export')
  await expect(kw.detail.getByText('Expires soon: rotate it before it stops working.')).toBeVisible()
  await expect(kw.detail.getByRole('definition').filter({ hasText: /^sk_test_…/ })).toBeVisible()
  await kw.detail.getByRole('button', { name: 'Close details' }).click()
  await expect(kw.detail).toHaveCount(0)

  // Prod is unmistakable: badge, strip, and a red group.
  await kw.selectProfile('Sandbox prod')
  await expect(app.page.getByText('Production — changes here affect live systems.')).toBeVisible()
})

test('rows are reachable and openable from the keyboard', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenTable.getByRole('row').nth(1)).toBeVisible()
  await kw.tokenTable.getByRole('row').nth(1).focus()
  await app.page.keyboard.press('ArrowDown')
  await app.page.keyboard.press('Enter')
  await expect(kw.detail).toBeVisible()
  await expect(kw.tokenTable.getByRole('row').nth(2)).toHaveAttribute('aria-current', 'true')
})
