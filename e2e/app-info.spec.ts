import { expect, test } from './fixtures'
import { readFile } from 'node:fs/promises'

test('the window shows the app version and that the keychain is reachable', async ({ app }) => {
  const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string }
  const about = app.page.getByRole('definition').filter({ hasText: version })
  await expect(about).toBeVisible()
  await expect(app.page.getByText('Keychain reachable')).toBeVisible()
})
