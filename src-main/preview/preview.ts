/// <reference lib="dom" />
/**
 * The preview: Keyward's core and built renderer in the system's Chromium, as an app window, for
 * machines where Electron cannot run. The window is bridged to core exactly as in the e2e browser
 * mode (bridge.ts); the clipboard and notifications are the real ones, through the page.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keytar from 'keytar'
import { createAppCore, type AppCore } from '../core/app-core'
import { KeytarVault, VAULT_SERVICE, type Vault } from '../core/vault'
import { APP_ORIGIN, forwardCoreEvents, installBridge, serveRenderer } from './bridge'
import { pageClipboard, pageNotifier } from './page-ports'

const REMINDER_INTERVAL_MS = 30 * 60 * 1000

export interface PreviewOptions {
  /** The built renderer (out/renderer). */
  readonly rendererDir: string
  readonly userDataDir: string
  /** The Chromium (or Chrome) executable. */
  readonly chromium: string
  readonly appVersion: string
  /** Secret-free log lines from core and the shell. */
  readonly log: (line: string) => void
  /** Tests run it without a display. */
  readonly headless?: boolean
  /** The development keychain service by default, as the unpackaged Electron app uses. */
  readonly vault?: Vault
}

export interface RunningPreview {
  readonly page: Page
  readonly core: AppCore
  /** Resolves once the preview has stopped: core shut down, Chromium closed. */
  readonly stopped: Promise<void>
  /** Clears a pending clipboard secret, flushes state, stops the sandbox, then closes the window. */
  stop(): Promise<void>
}

async function launchWindow(options: PreviewOptions, profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: options.chromium,
    headless: options.headless ?? false,
    // The preview stops on these signals itself, core first (see cli.ts); Playwright must not
    // close the window under it.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // The window's size is the page's: no fixed viewport inside a resizable window.
    viewport: options.headless ? { width: 1200, height: 780 } : null,
    // Not an automation banner above the app.
    ignoreDefaultArgs: ['--enable-automation'],
    args: [
      // The app window starts empty: the app origin is only loaded once it is served (below).
      '--app=data:text/html,<title>Keyward</title>',
      '--window-size=1200,780',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Chromium refuses to run as root with its sandbox (containers); it says so in the window.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  })
}

/** Opens the preview window with a running core; resolves once the app page has loaded. */
export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const { log } = options
  const profileDir = await mkdtemp(join(tmpdir(), 'keyward-preview-chromium-'))
  let page: Page | null = null
  let holdsSecret = false
  const setHolding = (holding: boolean) => {
    holdsSecret = holding
    void page?.evaluate((h) => Object.assign(window, { __keywardHoldsSecret: h }), holding).catch(() => {})
  }
  const [context, core] = await Promise.all([
    launchWindow(options, profileDir),
    createAppCore({
      userDataDir: options.userDataDir,
      appVersion: options.appVersion,
      mode: 'development',
      vault: options.vault ?? new KeytarVault(keytar, VAULT_SERVICE.development),
      clipboard: pageClipboard(() => page, setHolding),
      notifier: pageNotifier(() => page, log),
      log,
    }),
  ]).catch(async (error: unknown) => {
    await rm(profileDir, { recursive: true, force: true })
    throw error
  })

  const reminders = setInterval(() => void core.services.reminders.checkInBackground(), REMINDER_INTERVAL_MS)
  reminders.unref()
  let stopping: Promise<void> | null = null
  let resolveStopped = () => {}
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve))
  const stop = () =>
    (stopping ??= (async () => {
      // Core first, while the page can still reach the clipboard to clear a copied secret.
      await core.shutdown()
      clearInterval(reminders)
      await context.close().catch(() => {})
      await rm(profileDir, { recursive: true, force: true })
      resolveStopped()
    })())

  await context.grantPermissions(['clipboard-read', 'clipboard-write', 'notifications'], { origin: APP_ORIGIN })
  await serveRenderer(context, options.rendererDir)
  await installBridge(context, { handlers: core.handlers, log })
  // Closing the window while a copied secret is on the clipboard asks first (beforeunload), so the
  // clear can still run through the page; the dialog is answered below and the preview stops.
  await context.addInitScript(() =>
    addEventListener('beforeunload', (event) => {
      if ((window as unknown as { __keywardHoldsSecret?: boolean }).__keywardHoldsSecret) event.preventDefault()
    }),
  )
  page = context.pages()[0] ?? (await context.newPage())
  forwardCoreEvents(core.events, page, log)
  page.on('dialog', (dialog) => {
    if (dialog.type() !== 'beforeunload') return void dialog.dismiss().catch(() => {})
    void dialog.dismiss().catch(() => {})
    void stop()
  })
  // The window closed without asking (nothing to clear): stop the rest.
  page.on('close', () => void stop())
  context.on('close', () => void stop())
  try {
    await page.goto(`${APP_ORIGIN}/`)
    if (holdsSecret) setHolding(true)
  } catch (error) {
    await stop()
    throw error
  }
  void core.services.reminders.checkInBackground()
  return { page, core, stopped, stop }
}

/** Waits until the token list shows rows; returns the open profile's name and how many tokens it lists. */
export async function waitForTokenList(page: Page, timeoutMs = 30_000): Promise<{ profile: string; tokens: number }> {
  const table = page.getByRole('table', { name: 'Tokens' })
  await table.getByRole('row').nth(1).waitFor({ state: 'visible', timeout: timeoutMs })
  const rows = await table.getByRole('row').count()
  // The heading's own text, without the environment badge inside it.
  const profile = await page
    .getByRole('heading', { level: 1 })
    .first()
    .evaluate((h) => (h.childNodes[0]?.textContent ?? h.textContent ?? '').trim())
  return { profile: profile || 'The open profile', tokens: rows - 1 }
}
