import { app, dialog, powerMonitor, session, type BrowserWindow, type WebFrameMain } from 'electron'
import keytar from 'keytar'
import { createAppCore, type AppCore } from '../core/app-core'
import { ElectronStoreFile } from './electron-store-file'
import type { NotifierPort } from '../core/ports'
import { KeytarVault, VAULT_SERVICE } from '../core/vault'
import { EVENT_PAYLOAD, IPC_EVENTS, type NavigateEvent } from '../shared/ipc-contract'
import type { ReminderNotification, Settings } from '../shared/models'
import { electronClipboard, electronNotifier } from './adapters'
import { bindContract, shellDispatcher } from './ipc'
import { denyAllPermissions, lockDownContents } from './security'
import { copyRecent, createTray } from './tray'
import { createMainWindow, isAppUrl } from './window'

const REMINDER_INTERVAL_MS = 30 * 60 * 1000
/** Channels after which the tray's attention count or recent copies may have changed. */
const TRAY_CHANNELS = new Set(['tokens:list', 'tokens:create', 'tokens:rotate', 'tokens:revoke', 'tokens:copy', 'tokens:import', 'profiles:add', 'profiles:remove', 'settings:update', 'sandbox:remove'])
const isDev = !app.isPackaged
let mainWindow: BrowserWindow | null = null
let core: AppCore | null = null
let quitting = false
let closeToTray = true
/** Set while a quit waits for the window to close: called when the user chose to stay instead. */
let quitRefused: (() => void) | null = null

function log(line: string): void {
  // Lines come from core and never contain secrets or headers.
  console.log(`[keyward] ${line}`)
}

function showWindow(): BrowserWindow {
  if (!mainWindow || mainWindow.isDestroyed()) {
    const window = createMainWindow({ devTools: isDev })
    mainWindow = window
    window.on('close', (event) => {
      // Keep running in the tray so reminders still fire, unless the user turned that off.
      if (closeToTray && !quitting) {
        event.preventDefault()
        window.hide()
      }
    })
    // The page has unsaved settings (its beforeunload said so): Electron shows nothing by itself.
    window.webContents.on('will-prevent-unload', (event) => {
      if (!window.isVisible()) window.show()
      const choice = dialog.showMessageBoxSync(window, {
        type: 'question',
        buttons: ['Leave without saving', 'Stay'],
        defaultId: 1,
        cancelId: 1,
        title: 'Unsaved settings',
        message: 'Your changes to Settings are not saved.',
        detail: 'Leave without saving, or stay and save them.',
      })
      if (choice === 0) {
        event.preventDefault()
        return
      }
      quitRefused?.()
    })
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
  return mainWindow
}

/** Closes the window ahead of a quit; false when the user chose to stay with unsaved settings. */
function closeWindowForQuit(): Promise<boolean> {
  const window = mainWindow
  if (!window || window.isDestroyed()) return Promise.resolve(true)
  return new Promise((resolve) => {
    window.once('closed', () => resolve(true))
    quitRefused = () => {
      quitRefused = null
      resolve(false)
    }
    window.close()
  })
}

function navigate(target: NavigateEvent): void {
  showWindow().webContents.send(IPC_EVENTS.navigate, target)
}

function isTrustedFrame(frame: WebFrameMain | null): boolean {
  return frame !== null && mainWindow !== null && !mainWindow.isDestroyed() && frame === mainWindow.webContents.mainFrame && isAppUrl(frame.url)
}

/** Under the e2e suite (electron mode), also records notifications so specs can assert on them. */
function e2eRecording(notifier: NotifierPort): NotifierPort {
  if (process.env.KEYWARD_E2E !== '1') return notifier
  const recorded = { notifications: [] as ReminderNotification[] }
  Object.assign(globalThis, { __keywardE2e: recorded })
  return {
    show(n) {
      recorded.notifications.push(n)
      notifier.show(n)
    },
  }
}

function applyShellSettings(settings: Settings): void {
  closeToTray = settings.closeToTray
  if (app.getLoginItemSettings().openAtLogin !== settings.launchAtLogin) app.setLoginItemSettings({ openAtLogin: settings.launchAtLogin })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => showWindow())
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, isAppUrl))

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession)
    const c = await createAppCore({
      userDataDir: app.getPath('userData'),
      jsonFileClass: ElectronStoreFile,
      appVersion: app.getVersion(),
      mode: isDev ? 'development' : 'production',
      vault: new KeytarVault(keytar, isDev ? VAULT_SERVICE.development : VAULT_SERVICE.production),
      clipboard: electronClipboard(),
      notifier: e2eRecording(electronNotifier((n) => navigate({ profileId: n.target?.profileId ?? null, tokenId: n.target?.tokenId ?? null }))),
      log,
    })
    core = c
    // How a copied secret's clear ended, for the window's status line (no window: nothing to tell).
    c.events.on('clipboard', (e) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENTS.clipboard, EVENT_PAYLOAD.clipboard(e))
    })
    const tray = createTray(
      {
        open: () => showWindow(),
        openAttention: () => navigate({ profileId: null, tokenId: null }),
        copy: (r) => void copyRecent(call, r, () => navigate({ profileId: r.profileId, tokenId: r.tokenId })),
        quit: () => app.quit(),
      },
      async () => ({ attention: await c.services.profiles.attentionTotal(), recent: c.services.tokens.recentCopies().map((r) => ({ profileId: r.profileId, tokenId: r.tokenId, label: `${r.name} (${r.profileName})` })) }),
    )
    // Window IPC and the tray's quick copy both go through this one dispatcher.
    const call = shellDispatcher(c.handlers, log, (channel, result) => {
      if (channel === 'settings:update' && result.ok) applyShellSettings(result.value as Settings)
      if (TRAY_CHANNELS.has(channel)) void tray.refresh()
    })
    applyShellSettings(c.services.settings.get())
    bindContract(call, isTrustedFrame, log)
    if (process.env.KEYWARD_E2E === '1') Object.assign(globalThis, { __keywardCheckReminders: () => c.services.reminders.checkInBackground() })
    showWindow()
    const check = () => void c.services.reminders.checkInBackground().then(() => tray.refresh())
    check()
    setInterval(check, REMINDER_INTERVAL_MS).unref()
    powerMonitor.on('resume', check)
  })

  app.on('before-quit', (event) => {
    if (quitting) return
    // Hold the quit: first the window closes (its unsaved settings may make the user stay), then
    // core clears a copied secret from the clipboard and stops the sandbox.
    quitting = true
    event.preventDefault()
    void closeWindowForQuit().then((closed) => {
      if (!closed) {
        quitting = false
        return
      }
      return (core?.shutdown() ?? Promise.resolve()).finally(() => app.quit())
    })
  })
  app.on('window-all-closed', () => {
    // With close-to-tray the window only hides; reaching here means the user really closed it
    // (a quit under way closed it itself and goes on).
    if (process.platform !== 'darwin' && !quitting) app.quit()
  })
}
