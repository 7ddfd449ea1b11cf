import { electronOnly, expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'
import { INTERNAL_CHANNELS, methodName, RENDERER_CHANNELS } from '@shared/ipc-contract'

test('the page cannot run injected inline script (CSP)', async ({ app }) => {
  await expect(app.page).toHaveTitle('Keyward')
  const ran = await app.page.evaluate(async () => {
    const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }))
    const script = document.createElement('script')
    script.textContent = 'window.__injected = true'
    document.body.append(script)
    return { injected: (window as unknown as { __injected?: boolean }).__injected === true, violated: await violation }
  })
  expect(ran.injected).toBe(false)
  expect(ran.violated).toMatch(/^script-src/)
})

test('window.keyward exposes exactly one method per renderer channel, no internal channel, and nothing of Node', async ({ app }) => {
  await expect(app.page).toHaveTitle('Keyward')
  const exposed = await app.page.evaluate(() => ({
    methods: Object.keys((window as unknown as { keyward: object }).keyward).sort(),
    hasRequire: typeof (window as unknown as { require?: unknown }).require !== 'undefined',
    hasProcess: typeof (window as unknown as { process?: unknown }).process !== 'undefined',
  }))
  expect(exposed.methods).toEqual([...RENDERER_CHANNELS.map((c) => methodName(c)), 'onClipboard', 'onNavigate'].sort())
  expect(exposed.methods).not.toContain('remindersCheck')
  for (const c of INTERNAL_CHANNELS) expect(exposed.methods).not.toContain(methodName(c))
  expect(exposed.hasRequire).toBe(false)
  expect(exposed.hasProcess).toBe(false)
})

test.describe('Electron only', () => {
  electronOnly('reads the formats on the real system clipboard, which browser mode replaces with a recorder')

  test('a copied secret is marked concealed for clipboard managers and history', async ({ app, seenSecrets }) => {
    const kw = new KeywardPage(app.page)
    seenSecrets.push(await kw.createToken('e2e concealed copy'))
    await kw.copyAndCloseShowOnce()
    const marked = await app.electron!.evaluate(async ({ clipboard }) => {
      const format = { linux: 'x-kde-passwordManagerHint', darwin: 'org.nspasteboard.ConcealedType', win32: 'ExcludeClipboardContentFromMonitorProcessing' }[process.platform as string]
      return format ? clipboard.has(format) : false
    })
    expect(marked).toBe(true)
  })
})
