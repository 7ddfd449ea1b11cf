import { app, powerMonitor, session, type BrowserWindow, type WebFrameMain } from 'electron'
import keytar from 'keytar'
import { createAppCore, type AppCore } from '../core/app-core'
import { KeytarVault, VAULT_SERVICE } from '../core/vault'
import { IPC_EVENTS } from '../shared/ipc-contract'
import type { ReminderNotification } from '../shared/models'
import type { NotifierPort } from '../core/ports'
import { electronClipboard, electronNotifier } from './adapters'
import { bindContract } from './ipc'
import { denyAllPermissions, lockDownContents } from './security'
import { createMainWindow, isAppUrl } from './window'

const REMINDER_INTERVAL_MS = 30 * 60 * 1000
const isDev = !app.isPackaged
let mainWindow: BrowserWindow | null = null
let core: AppCore | null = null

function log(line: string): void {
  // Lines come from core and never contain secrets or headers.
  console.log(`[keyward] ${line}`)
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

function showWindow(): BrowserWindow {
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow({ devTools: isDev })
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
  return mainWindow
}

function isTrustedFrame(frame: WebFrameMain | null): boolean {
  return frame !== null && mainWindow !== null && frame === mainWindow.webContents.mainFrame && isAppUrl(frame.url)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => showWindow())
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, isAppUrl))

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession)
    core = await createAppCore({
      userDataDir: app.getPath('userData'),
      appVersion: app.getVersion(),
      mode: isDev ? 'development' : 'production',
      vault: new KeytarVault(keytar, isDev ? VAULT_SERVICE.development : VAULT_SERVICE.production),
      clipboard: electronClipboard(),
      notifier: e2eRecording(
        electronNotifier((n) => {
          const window = showWindow()
          window.webContents.send(IPC_EVENTS.navigate, { profileId: n.target?.profileId ?? null, tokenId: n.target?.tokenId ?? null })
        }),
      ),
      log,
    })
    bindContract(core.handlers, isTrustedFrame, log)
    if (process.env.KEYWARD_E2E === '1') {
      const c = core
      Object.assign(globalThis, { __keywardCheckReminders: () => c.checkReminders() })
    }
    showWindow()
    const check = () => void core?.checkReminders()
    check()
    setInterval(check, REMINDER_INTERVAL_MS).unref()
    powerMonitor.on('resume', check)
  })

  app.on('before-quit', () => void core?.shutdown())
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
