import { app, powerMonitor, session, type BrowserWindow, type WebFrameMain } from 'electron'
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

function log(line: string): void {
  // Lines come from core and never contain secrets or headers.
  console.log(`[keyward] ${line}`)
}

function showWindow(): BrowserWindow {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({ devTools: isDev })
    mainWindow.on('close', (event) => {
      // Keep running in the tray so reminders still fire, unless the user turned that off.
      if (closeToTray && !quitting) {
        event.preventDefault()
        mainWindow?.hide()
      }
    })
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
  return mainWindow
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
    // Hold the quit until core has cleared a copied secret from the clipboard and stopped the sandbox.
    quitting = true
    event.preventDefault()
    void (core?.shutdown() ?? Promise.resolve()).finally(() => app.quit())
  })
  app.on('window-all-closed', () => {
    // With close-to-tray the window only hides; reaching here means the user really closed it.
    if (process.platform !== 'darwin') app.quit()
  })
}
