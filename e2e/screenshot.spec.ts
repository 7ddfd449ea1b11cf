import { copyFile, mkdir } from 'node:fs/promises'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('takes a screenshot of the token list for the README', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  // Every profile's count is in, and no banner is on the picture.
  await expect(kw.profileButton('Sandbox prod')).toHaveAccessibleName(/\d+ need(s)? attention/)
  await expect(app.page.getByRole('alert')).toHaveCount(0)
  await mkdir('test-results', { recursive: true })
  await app.page.screenshot({ path: 'test-results/screenshot-token-list.png' })
  // Times and ports differ on every run: refresh the committed README picture only when asked.
  if (process.env.KEYWARD_UPDATE_SCREENSHOT === '1') await copyFile('test-results/screenshot-token-list.png', 'docs/screenshot-token-list.png')
})
