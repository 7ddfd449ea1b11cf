import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

const ROOT = resolve(import.meta.dirname, '..')
const run = promisify(execFile)

test('the token detail shows its reference and an exec line; the keyward command resolves them against the running app', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox dev')
  const secret = await kw.createToken('e2e cli key', { scopes: ['account:read'], expiry: '7 days' })
  seenSecrets.push(secret)
  await kw.copyAndCloseShowOnce()
  await kw.openToken('e2e cli key')

  const reference = kw.detail.getByRole('textbox', { name: 'Reference' })
  await expect(reference).toHaveValue('keyward://Sandbox dev/e2e cli key')
  await expect(kw.detail.getByLabel('Example')).toHaveText("keyward exec --env E2E_CLI_KEY='keyward://Sandbox dev/e2e cli key' -- <command>")
  await kw.detail.getByRole('button', { name: 'Copy reference' }).click()
  await expect(kw.detail.getByRole('status').filter({ hasText: 'Reference copied' })).toBeVisible()
  await kw.detail.getByRole('region', { name: 'Use from the command line' }).screenshot({ path: join(ROOT, 'test-results/token-reference.png') })
  await app.page.screenshot({ path: join(ROOT, 'test-results/token-detail-reference.png') })

  // With the data directory of this (running) app, the CLI finds its profile and the stored secret,
  // under the keychain service an unpackaged app uses.
  const bin = join(ROOT, 'bin/keyward.cjs')
  const got = await run(process.execPath, [bin, '--user-data-dir', app.userDataDir, 'get', await reference.inputValue()])
  expect(got.stdout).toBe(`${secret}\n`)
  const probe = `process.stdout.write(require('crypto').createHash('sha256').update(process.env.E2E_CLI_KEY).digest('hex'))`
  const executed = await run(process.execPath, [bin, '--user-data-dir', app.userDataDir, 'exec', '--env', `E2E_CLI_KEY=${await reference.inputValue()}`, '--', process.execPath, '-e', probe])
  expect(executed.stdout).toBe(createHash('sha256').update(secret).digest('hex'))
})
