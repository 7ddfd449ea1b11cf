import { readFileSync } from 'node:fs'
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'

// Electron is not importable under plain Node: replace the two classes the shell touches with
// recorders, so the test sees exactly the options Keyward passes to every window it creates.
const created: Array<{ options: Record<string, unknown>; contents: FakeContents; loaded: string[] }> = []
// Electron.App's isPackaged, writable here so a test can play the packaged app.
const fakeApp: { -readonly [K in 'isPackaged']: Electron.App[K] } = { isPackaged: false }

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler
  }
}

vi.mock('electron', () => ({
  app: fakeApp,
  BrowserWindow: class {
    webContents = new FakeContents()
    loaded: string[] = []
    constructor(options: Record<string, unknown>) {
      created.push({ options, contents: this.webContents, loaded: this.loaded })
    }
    once() {}
    loadURL(url: string) {
      this.loaded.push(url)
      return Promise.resolve()
    }
  },
}))

const { createMainWindow, isAppUrl } = await import('./window')
const { denyAllPermissions, lockDownContents } = await import('./security')

function navigate(contents: FakeContents, event: string, url: string): boolean {
  let prevented = false
  contents.emit(event, { preventDefault: () => (prevented = true) }, url)
  return prevented
}

describe('window security', () => {
  beforeEach(() => {
    created.length = 0
  })

  it('creates every window isolated, sandboxed, without Node and with the preload', () => {
    createMainWindow({ devTools: false })
    expect(created).toHaveLength(1)
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    })
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/)
  })

  it('denies navigation away from the app, new windows and webviews', () => {
    createMainWindow({ devTools: false })
    const contents = created[0]!.contents
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(navigate(contents, 'will-redirect', 'https://evil.example/')).toBe(true)
    expect(navigate(contents, 'will-attach-webview', 'about:blank')).toBe(true)
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    const own = new URL('index.html', `file://${join(import.meta.dirname, '../renderer/')}`).href
    expect(isAppUrl(own)).toBe(true)
    expect(navigate(contents, 'will-navigate', own)).toBe(false)
  })

  it('a packaged app never loads or trusts ELECTRON_RENDERER_URL; the unpackaged dev run does', () => {
    const own = new URL('index.html', `file://${join(import.meta.dirname, '../renderer/')}`).href
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/'
    try {
      fakeApp.isPackaged = true
      createMainWindow({ devTools: false })
      expect(created.at(-1)?.loaded).toEqual([own])
      expect(isAppUrl('http://localhost:5173/')).toBe(false)
      expect(navigate(created.at(-1)!.contents, 'will-navigate', 'http://localhost:5173/')).toBe(true)

      fakeApp.isPackaged = false
      createMainWindow({ devTools: true })
      expect(created.at(-1)?.loaded).toEqual(['http://localhost:5173/'])
      expect(isAppUrl('http://localhost:5173/index.html')).toBe(true)
    } finally {
      delete process.env.ELECTRON_RENDERER_URL
      fakeApp.isPackaged = false
    }
  })

  it('locks down any other web contents the same way', () => {
    const contents = new FakeContents()
    lockDownContents(contents as never, () => false)
    expect(navigate(contents, 'will-navigate', 'http://127.0.0.1:1/')).toBe(true)
    expect(contents.openHandler?.({ url: 'http://127.0.0.1:1/' })).toEqual({ action: 'deny' })
  })

  it('denies every permission request and check', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {}
    const session = {
      setPermissionRequestHandler: (h: (...a: unknown[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...a: unknown[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...a: unknown[]) => unknown) => (handlers.device = h),
    }
    denyAllPermissions(session as never)
    let granted: boolean | null = null
    handlers.request?.({}, 'notifications', (ok: boolean) => (granted = ok))
    expect(granted).toBe(false)
    expect(handlers.check?.({}, 'clipboard-read')).toBe(false)
    expect(handlers.device?.({})).toBe(false)
  })
})

describe('content security policy', () => {
  const html = readFileSync(join(import.meta.dirname, '../../src-renderer/index.html'), 'utf8')
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0]!, parts.slice(1)] as const),
  )

  it('allows only the app’s own scripts: no inline, no eval', () => {
    expect(directives.get('default-src')).toEqual(["'none'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
  })
})
