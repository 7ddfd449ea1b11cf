/**
 * `npm run preview` (and `npm start`'s fallback): starts the preview, prints one ready line once
 * the token list is on screen, and stops cleanly on window close, SIGINT or SIGTERM. Problems are
 * told in plain words, never as a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { needsTemporaryKeyring, startTemporaryKeyring, type TemporaryKeyring } from './temporary-keyring'
import { startPreview, waitForTokenList } from './preview'

/** The line CI (and anyone scripting the preview) waits for: the token list is on screen. */
export const READY_PREFIX = 'Keyward preview ready:'

const CHROMIUM_CANDIDATES: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'],
  darwin: ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
  win32: [
    join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
    join(process.env.LOCALAPPDATA ?? '', 'Chromium\\Application\\chrome.exe'),
  ],
}

/** KEYWARD_CHROMIUM, else the first Chromium or Chrome installed in a usual place. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.KEYWARD_CHROMIUM) return existsSync(env.KEYWARD_CHROMIUM) ? env.KEYWARD_CHROMIUM : null
  return (CHROMIUM_CANDIDATES[process.platform] ?? []).find((path) => existsSync(path)) ?? null
}

/** Where the unpackaged Electron app keeps its data, so the preview and `npm start` share it. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEYWARD_USER_DATA_DIR) return env.KEYWARD_USER_DATA_DIR
  if (process.platform === 'darwin') return join(homedir(), 'Library/Application Support/Keyward')
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData/Roaming'), 'Keyward')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Keyward')
}

function say(line: string): void {
  console.log(line)
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n').find((l) => l.trim())?.trim() ?? 'unknown error'
}

/** Runs the preview until it stops; returns the process exit code. */
export async function runPreview(root: string): Promise<number> {
  const rendererDir = join(root, 'out/renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    say('Keyward preview: the app is not built yet. Run `npm run build` first (npm start and npm run preview do it for you).')
    return 1
  }
  const chromium = findChromium()
  if (!chromium) {
    say('Keyward preview needs Chromium (or Google Chrome) and found none.')
    say('  Install it (Debian/Ubuntu: sudo apt-get install chromium), or point KEYWARD_CHROMIUM at its executable.')
    return 1
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    say('Keyward preview opens a window, and this session has no display (neither DISPLAY nor WAYLAND_DISPLAY is set).')
    say('  Run it from a desktop session, or on a virtual display: xvfb-run -a npm start')
    return 1
  }

  let keyring: TemporaryKeyring | null = null
  let userDataDir = defaultUserDataDir()
  let temporaryData: string | null = null
  if (needsTemporaryKeyring()) {
    try {
      keyring = await startTemporaryKeyring()
    } catch {
      say('Keyward preview: this session has no keychain (no D-Bus session bus), and a temporary one could not be started.')
      say('  Install dbus and gnome-keyring (Debian/Ubuntu: sudo apt-get install dbus gnome-keyring), or start it from a desktop session.')
      return 1
    }
    process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress
    temporaryData = await mkdtemp(join(tmpdir(), 'keyward-preview-data-'))
    userDataDir = temporaryData
    say('Keyward preview: this session has no keychain (no D-Bus session bus), so it uses a temporary one;')
    say('  profiles and secrets added now are gone when the preview closes. Start it from a desktop session to keep them.')
  }
  const cleanUp = async () => {
    await keyring?.stop()
    if (temporaryData) await rm(temporaryData, { recursive: true, force: true })
  }

  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
  say(`Keyward preview: opening its window in ${chromium}…`)
  let preview
  try {
    preview = await startPreview({ rendererDir, userDataDir, chromium, appVersion: version, log: (line) => say(`[keyward] ${line}`) })
  } catch (error) {
    say(`Keyward preview could not open its window: ${firstLine(error)}`)
    await cleanUp()
    return 1
  }
  let signalled = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (!signalled) say(`Keyward preview: ${signal} received, stopping.`)
    signalled = true
    void preview.stop()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const shown = await Promise.race([waitForTokenList(preview.page), preview.stopped.then(() => null)])
    if (shown) say(`${READY_PREFIX} ${shown.profile} lists ${shown.tokens} tokens (pid ${process.pid}; close the window, press Ctrl+C or send SIGTERM to stop)`)
  } catch {
    // A window closed before its list showed is not a problem to report.
    if (!preview.page.isClosed()) {
      say('Keyward preview: the window is open, but no token list appeared within 30 s (no profile yet, or the keychain is locked: see the window).')
    }
  }
  await preview.stopped
  await cleanUp()
  say('Keyward preview stopped.')
  return 0
}
