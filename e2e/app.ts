/// <reference lib="dom" />
/**
 * launchApp: the built app under test, in one of two modes.
 * - electron: the Electron binary exists → `_electron.launch` on out/main/index.js.
 * - browser: it does not → the built renderer in Debian's Chromium, with `window.keyward` bridged
 *   (exposeBinding) to core's dispatch by the same bridge the preview uses (src-main/preview/bridge.ts).
 */
import { _electron, chromium, type Browser, type ElectronApplication, type Page } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import keytar from 'keytar'
import { createAppCore, type AppCore, type AppCoreOptions } from '../src-main/core/app-core'
import { KeytarVault, VAULT_SERVICE } from '../src-main/core/vault'
import { APP_ORIGIN, forwardCoreEvents, installBridge, sendNavigate, serveRenderer } from '../src-main/preview/bridge'
import { IPC_EVENTS, type NavigateEvent } from '../src-main/shared/ipc-contract'
import type { ReminderNotification } from '../src-main/shared/models'
// The same recorders the core tests use stand in for Electron's clipboard and notifications.
import { MemoryClipboard, RecordingNotifier } from '../src-main/core/testing/fakes'

export type E2eMode = 'electron' | 'browser'

const ROOT = resolve(import.meta.dirname, '..')
const RENDERER_DIR = join(ROOT, 'out/renderer')
export { APP_ORIGIN }
const CHROMIUM = process.env.KEYWARD_CHROMIUM ?? '/usr/bin/chromium'

/** Where the Electron binary is, or null when it was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
export function electronBinary(): string | null {
  // Not require('electron'): since Electron 4x that starts a download when the binary is missing.
  const dir = join(ROOT, 'node_modules/electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

/** Which mode this machine can run: electron when its binary is installed. */
export function detectMode(): E2eMode {
  const forced = process.env.KEYWARD_E2E_MODE
  if (forced === 'electron' || forced === 'browser') return forced
  return electronBinary() ? 'electron' : 'browser'
}

export interface LaunchOptions {
  /** Reuse a user-data directory (to test restarts); a fresh one otherwise. */
  readonly userDataDir?: string
  /** Keep the user-data directory on close (the caller removes it). */
  readonly keepUserData?: boolean
  readonly viewport?: { readonly width: number; readonly height: number }
  /** Browser mode: device pixels per CSS pixel; 2 with half the window's size in CSS pixels is 200% zoom. */
  readonly deviceScaleFactor?: number
  readonly colorScheme?: 'light' | 'dark'
  /** Called with every log line the core writes (to scan for secrets). */
  readonly onLog?: (line: string) => void
  /** Browser mode: core options to replace (a locked keychain, a sandbox that cannot start), for the banners. */
  readonly core?: Pick<AppCoreOptions, 'vault' | 'startSandbox'>
  /** Browser mode: the built renderer to serve (the bench's snapshot of it); out/renderer otherwise. */
  readonly rendererDir?: string
}

export interface LaunchedApp {
  readonly mode: E2eMode
  readonly page: Page
  readonly userDataDir: string
  /** Notifications the app has shown, oldest first. */
  notifications(): Promise<readonly ReminderNotification[]>
  /** What the clipboard holds now. */
  clipboard(): Promise<string>
  /** Puts text on the clipboard as another application would. */
  copyElsewhere(text: string): Promise<void>
  /** Simulates a click on a notification (navigates the app to its token). */
  clickNotification(notification: ReminderNotification): Promise<void>
  /** Runs the reminder check the shell runs at start, every 30 minutes and on resume. */
  checkReminders(): Promise<void>
  /** The core, in browser mode only (for specs that inspect the real services). */
  readonly core: AppCore | null
  /** The Electron application, in electron mode only (for specs that inspect the main process). */
  readonly electron: ElectronApplication | null
  /** Every log line written so far. */
  logs(): readonly string[]
  close(): Promise<void>
}

let sharedBrowser: Browser | null = null

async function browser(): Promise<Browser> {
  if (sharedBrowser?.isConnected()) return sharedBrowser
  sharedBrowser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return sharedBrowser
}

async function launchBrowserMode(options: LaunchOptions, userDataDir: string): Promise<LaunchedApp> {
  const lines: string[] = []
  const log = (line: string) => {
    lines.push(line)
    options.onLog?.(line)
  }
  const clipboard = new MemoryClipboard()
  const notifier = new RecordingNotifier()
  const core = await createAppCore({
    userDataDir,
    appVersion: (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    mode: 'development',
    vault: new KeytarVault(keytar, VAULT_SERVICE.development),
    clipboard,
    notifier,
    log,
    ...options.core,
  })
  const context = await (await browser()).newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    colorScheme: options.colorScheme ?? 'light',
  })
  // The same serving and bridge the preview runs (src-main/preview/bridge.ts).
  await serveRenderer(context, options.rendererDir ?? RENDERER_DIR)
  await installBridge(context, { handlers: core.handlers, log })
  const page = await context.newPage()
  forwardCoreEvents(core.events, page, log)
  await page.goto(`${APP_ORIGIN}/`)
  let closed = false
  return {
    mode: 'browser',
    page,
    userDataDir,
    core,
    electron: null,
    notifications: async () => [...notifier.shown],
    clipboard: async () => clipboard.readText(),
    copyElsewhere: async (text) => {
      clipboard.text = text
    },
    clickNotification: async (n) => {
      await sendNavigate(page, { profileId: n.target?.profileId ?? null, tokenId: n.target?.tokenId ?? null })
    },
    checkReminders: () => core.services.reminders.checkInBackground(),
    logs: () => lines,
    close: async () => {
      if (closed) return
      closed = true
      await context.close()
      await core.shutdown()
      if (!options.keepUserData && !options.userDataDir) await rm(userDataDir, { recursive: true, force: true })
    },
  }
}

async function launchElectronMode(options: LaunchOptions, userDataDir: string): Promise<LaunchedApp> {
  const lines: string[] = []
  const app = await _electron.launch({
    executablePath: electronBinary() ?? undefined,
    args: [join(ROOT, 'out/main/index.js'), `--user-data-dir=${userDataDir}`],
    env: { ...process.env, KEYWARD_E2E: '1' },
  })
  app.process().stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(line)
      options.onLog?.(line)
    }
  })
  const page = await app.firstWindow()
  let closed = false
  type Recorded = { notifications: ReminderNotification[] }
  return {
    mode: 'electron',
    page,
    userDataDir,
    core: null,
    electron: app,
    notifications: () => app.evaluate(() => ((globalThis as unknown as { __keywardE2e?: Recorded }).__keywardE2e?.notifications ?? [])),
    clipboard: () => app.evaluate(({ clipboard }) => clipboard.readText()),
    copyElsewhere: (text) => app.evaluate(({ clipboard }, t) => clipboard.writeText(t), text),
    clickNotification: async (n) => {
      // The callback runs in the main process, so the channel name travels as an argument.
      const target: NavigateEvent = { profileId: n.target?.profileId ?? null, tokenId: n.target?.tokenId ?? null }
      await app.evaluate(({ BrowserWindow }, { channel, target }) => {
        BrowserWindow.getAllWindows()[0]?.webContents.send(channel, target)
      }, { channel: IPC_EVENTS.navigate, target })
    },
    checkReminders: () => app.evaluate(() => (globalThis as unknown as { __keywardCheckReminders?: () => Promise<void> }).__keywardCheckReminders?.()),
    logs: () => lines,
    close: async () => {
      if (closed) return
      closed = true
      await app.close()
      if (!options.keepUserData && !options.userDataDir) await rm(userDataDir, { recursive: true, force: true })
    },
  }
}

/** Starts the app with a fresh (or given) user-data directory. */
export async function launchApp(options: LaunchOptions = {}): Promise<LaunchedApp> {
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'keyward-e2e-')))
  return detectMode() === 'electron' ? launchElectronMode(options, userDataDir) : launchBrowserMode(options, userDataDir)
}

/** Closes the shared Chromium (browser mode). */
export async function closeBrowser(): Promise<void> {
  await sharedBrowser?.close()
  sharedBrowser = null
}
