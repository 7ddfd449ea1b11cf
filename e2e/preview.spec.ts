/// <reference lib="dom" />
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from './fixtures'
import { KeywardPage } from './pages/keyward-page'
import { startPreview, waitForTokenList } from '../src-main/preview/preview'

const ROOT = resolve(import.meta.dirname, '..')

// The preview (`npm run preview`, `npm start`'s fallback) in-process and headless; CI also runs
// the real window under xvfb-run (.ci/run). Its clipboard is Chromium's own, through the page.
test('the preview shows the sandbox list, copies to the real clipboard and clears it when the window closes', async () => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'keyward-preview-e2e-'))
  const lines: string[] = []
  const preview = await startPreview({
    rendererDir: join(ROOT, 'out/renderer'),
    userDataDir,
    chromium: process.env.KEYWARD_CHROMIUM ?? '/usr/bin/chromium',
    appVersion: '0.0.0-e2e',
    log: (line) => lines.push(line),
    headless: true,
  })
  try {
    const shown = await waitForTokenList(preview.page)
    expect(shown.profile).toBe('Sandbox dev')
    expect(shown.tokens).toBeGreaterThan(3)

    const kw = new KeywardPage(preview.page)
    const secret = await kw.createToken('e2e preview key')
    const showOnce = preview.page.getByRole('dialog', { name: /Token created/ })
    await showOnce.getByRole('button', { name: 'Copy', exact: true }).click()
    await expect(showOnce.getByRole('status').filter({ hasText: /Copied — clears in \d+ s/ })).toBeVisible()
    await showOnce.getByRole('button', { name: 'Done' }).click()
    // Through the app origin's clipboard permission, the system clipboard holds the secret.
    expect(await preview.page.evaluate(() => navigator.clipboard.readText())).toBe(secret)
    // The copy went through an isolated world: the app's own JavaScript never saw the stored secret.
    expect(await preview.page.content()).not.toContain(secret)

    // Closing the window with the secret still on the clipboard: cleared first, then everything stops.
    await preview.page.close({ runBeforeUnload: true })
    await preview.stopped
    expect(lines).toContain('clipboard: cleared a copied secret')
    await expect(stat(join(userDataDir, 'token-cache.json'))).resolves.toBeTruthy()
    const sandboxUrl = lines.map((l) => /^sandbox: running at (\S+)/.exec(l)?.[1]).find(Boolean)
    expect(sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await expect(fetch(`${sandboxUrl}/v1/me`)).rejects.toThrow()
  } finally {
    await preview.stop()
    await rm(userDataDir, { recursive: true, force: true })
  }
})

test('closing the preview window with nothing to clear stops core and Chromium without asking', async () => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'keyward-preview-e2e-'))
  const lines: string[] = []
  const preview = await startPreview({
    rendererDir: join(ROOT, 'out/renderer'),
    userDataDir,
    chromium: process.env.KEYWARD_CHROMIUM ?? '/usr/bin/chromium',
    appVersion: '0.0.0-e2e',
    log: (line) => lines.push(line),
    headless: true,
  })
  try {
    await waitForTokenList(preview.page)
    await preview.page.close({ runBeforeUnload: true })
    await preview.stopped
    // Chromium is gone with the window: its context opens nothing any more.
    await expect(preview.page.context().newPage()).rejects.toThrow()
    const sandboxUrl = lines.map((l) => /^sandbox: running at (\S+)/.exec(l)?.[1]).find(Boolean)
    await expect(fetch(`${sandboxUrl}/v1/me`)).rejects.toThrow()
  } finally {
    await preview.stop()
    await rm(userDataDir, { recursive: true, force: true })
  }
})
