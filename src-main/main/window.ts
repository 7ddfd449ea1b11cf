import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { lockDownContents } from './security'

/**
 * The renderer's URL: the dev server in `electron-vite dev`, the built file otherwise. A packaged
 * app ignores ELECTRON_RENDERER_URL: it would load, and trust with the bridge, whatever URL its
 * environment names.
 */
export function rendererUrl(packaged: boolean = app.isPackaged, env: NodeJS.ProcessEnv = process.env): string {
  const dev = packaged ? undefined : env.ELECTRON_RENDERER_URL
  return dev ?? `file://${join(import.meta.dirname, '../renderer/index.html')}`
}

/** True for URLs inside the app (the renderer's own origin or file). */
export function isAppUrl(url: string): boolean {
  const base = rendererUrl()
  if (base.startsWith('file://')) return url.startsWith(base)
  try {
    return new URL(url).origin === new URL(base).origin
  } catch {
    return false
  }
}

/** Creates the hardened main window. */
export function createMainWindow(options: { readonly devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 780,
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Keyward',
    autoHideMenuBar: true,
    // Written out literally (not spread) so reviewers and Electronegativity can read every flag.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: options.devTools,
      preload: join(import.meta.dirname, '../preload/index.cjs'),
    },
  })
  lockDownContents(window.webContents, isAppUrl)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererUrl())
  return window
}
