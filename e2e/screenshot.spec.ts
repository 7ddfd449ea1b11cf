import { mkdir } from 'node:fs/promises'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('saves a screenshot of the token list for the README', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  // Without the detail panel every column shows; no banner should be on the README picture.
  await expect(app.page.getByText('not in your keychain')).toHaveCount(0)
  await mkdir('docs', { recursive: true })
  await app.page.screenshot({ path: 'docs/screenshot-token-list.png' })
})
