import { detectMode } from './app'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'

test('Ctrl+K finds a token in another profile; Enter copies it, Alt+Enter opens it', async ({ app, seenSecrets }) => {
  const kw = new KeywardPage(app.page)
  await kw.selectProfile('Sandbox staging')
  const secret = await kw.createToken('e2e quick key')
  seenSecrets.push(secret)
  await kw.copyAndCloseShowOnce()
  await kw.selectProfile('Sandbox dev')
  await app.page.evaluate(() => navigator.clipboard?.writeText?.('').catch(() => {}))

  await app.page.keyboard.press('Control+k')
  const switcher = app.page.getByRole('dialog', { name: 'Find a token' })
  const input = switcher.getByRole('combobox', { name: 'Search all tokens' })
  await expect(input).toBeFocused()
  await input.fill('e2e quick')
  const option = switcher.getByRole('option', { name: /e2e quick key/ })
  await expect(option).toHaveAttribute('aria-selected', 'true')
  await expect(option).toContainText('Sandbox staging')
  await input.press('Enter')
  await expect(switcher).toHaveCount(0)
  await expect(app.page.getByRole('status').filter({ hasText: /Copied “e2e quick key” — clears in \d+ s/ })).toBeVisible()
  expect(await app.clipboard()).toBe(secret)

  // Alt+Enter opens the token in its profile instead.
  await app.page.keyboard.press('Control+k')
  await switcher.getByRole('combobox').fill('e2e quick')
  await expect(switcher.getByRole('option', { name: /e2e quick key/ })).toBeVisible()
  await switcher.getByRole('combobox').press('Alt+Enter')
  await expect(app.page.getByRole('heading', { level: 1, name: /^Sandbox staging/ })).toBeVisible()
  await expect(kw.detail.getByRole('heading', { name: 'e2e quick key' })).toBeVisible()
})

test('the first Ctrl+K after start keeps what is typed at once', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  await expect(kw.tokenRow('Billing export')).toBeVisible()
  // No wait between opening and typing: a new user types as soon as they press the shortcut.
  await app.page.keyboard.press('Control+k')
  await app.page.keyboard.type('Billing')
  const switcher = app.page.getByRole('dialog', { name: 'Find a token' })
  await expect(switcher.getByRole('combobox', { name: 'Search all tokens' })).toHaveValue('Billing')
  await expect(switcher.getByRole('option', { name: /Billing export/ }).first()).toBeVisible()
})

test.describe('a dialog whose code is still loading', () => {
  // The switcher's code is held back by a route of the browser bridge (Electron loads it from file://).
  test.skip(detectMode() === 'electron', 'holds the chunk through the browser bridge’s routes')

  test('gets the keystrokes typed meanwhile, and the page behind gets none', async ({ app }) => {
    const kw = new KeywardPage(app.page)
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    let held = 0
    await app.page.route(/\/assets\/quick-switcher-[^/]*\.js$/, async (route) => {
      held++
      await released
      await route.fallback()
    })
    // A fresh start with the route in place, so neither a preload nor an earlier Ctrl+K has the code yet.
    await app.page.reload()
    await expect(kw.tokenRow('Billing export')).toBeVisible()
    await kw.search.focus()

    await app.page.keyboard.press('Control+k')
    await app.page.keyboard.type('Bilx')
    await app.page.keyboard.press('Backspace')
    await app.page.keyboard.type('ling')
    const switcher = app.page.getByRole('dialog', { name: 'Find a token' })
    // Everything above was typed while the dialog could not exist yet.
    await expect(switcher).toHaveCount(0)
    expect(held).toBeGreaterThan(0)
    release()

    await expect(switcher.getByRole('combobox', { name: 'Search all tokens' })).toHaveValue('Billing')
    await expect(switcher.getByRole('option', { name: /Billing export/ }).first()).toBeVisible()
    await app.page.keyboard.press('Escape')
    await expect(switcher).toHaveCount(0)
    await expect(kw.search).toHaveValue('')
  })
})

test('Ctrl+K matches several words across token, profile and environment names, best first, revoked last', async ({ app }) => {
  const kw = new KeywardPage(app.page)
  // Every profile's list is cached once its count is in.
  await expect(kw.profileButton('Sandbox prod')).toHaveAccessibleName(/\d+ need(s)? attention/)
  await app.page.keyboard.press('Control+k')
  const switcher = app.page.getByRole('dialog', { name: 'Find a token' })
  const input = switcher.getByRole('combobox', { name: 'Search all tokens' })
  const options = switcher.getByRole('option')

  await input.fill('monitor prod')
  await expect(options).toHaveCount(1)
  await expect(options.first()).toContainText('Monitoring')
  await expect(options.first()).toContainText('Sandbox prod')

  await input.fill('ci deploy staging')
  await expect(options).toHaveCount(1)
  await expect(options.first()).toContainText('CI deploy')
  await expect(options.first()).toContainText('Sandbox staging')

  // The environment's full name and a scope's word find it too.
  await input.fill('production billing')
  await expect(options).toHaveCount(1)
  await expect(options.first()).toContainText('Sandbox prod')

  // Three profiles' "Leaked laptop key" (revoked) come after every live match of "key".
  await input.fill('key')
  await expect(options.first()).toBeVisible()
  const actions = await options.evaluateAll((all) => all.map((o) => o.textContent ?? ''))
  const firstRevoked = actions.findIndex((t) => t.includes('revoked'))
  expect(firstRevoked).toBeGreaterThanOrEqual(0)
  expect(actions.slice(firstRevoked).every((t) => t.includes('revoked'))).toBe(true)

  // A word no field holds: "qa" alone is not one here, because key ids and last fours are random
  // letters and digits and one in a few dozen sandboxes has "qa" in some id (seen in CI); a "-"
  // sits in neither.
  await input.fill('monitor qa-env')
  await expect(options).toHaveCount(0)
  await expect(switcher.getByText('No token matches.')).toBeVisible()
})
