/**
 * A temporary Secret Service for a session that has none (no D-Bus session bus: a container, SSH,
 * a virtual display): a private D-Bus bus with gnome-keyring unlocked by a random password, all in
 * a throwaway directory. Keyward refuses to store secrets without a keychain and never falls back
 * to plaintext, so this keeps the preview usable there; everything in it is gone when it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export interface TemporaryKeyring {
  /** The bus address to put in DBUS_SESSION_BUS_ADDRESS before keytar's first call. */
  readonly busAddress: string
  /** Stops the bus (gnome-keyring exits with it) and removes the directory. */
  stop(): Promise<void>
}

/** True where libsecret has no session bus to find a Secret Service on. */
export function needsTemporaryKeyring(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input = ''): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'ignore', 'ignore'] })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))))
    child.stdin.end(input)
  })
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
}

/** Starts the bus and an unlocked gnome-keyring on it; fails if dbus-daemon or gnome-keyring is missing. */
export async function startTemporaryKeyring(): Promise<TemporaryKeyring> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-keyring-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
  }
  await mkdir(join(dir, 'run'), { mode: 0o700 })
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { env, stdio: ['ignore', 'pipe', 'ignore'] })
  const stop = async () => {
    if (bus.exitCode === null && bus.signalCode === null) {
      const exited = new Promise((resolve) => bus.once('exit', resolve))
      bus.kill('SIGTERM')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  }
  try {
    const busAddress = (await firstLine(bus)).trim()
    const onBus = { ...env, DBUS_SESSION_BUS_ADDRESS: busAddress }
    // --unlock creates and unlocks the login keyring with the password read from stdin.
    await run('gnome-keyring-daemon', ['--unlock', '--components=secrets'], onBus, randomBytes(24).toString('hex'))
    await run('gnome-keyring-daemon', ['--start', '--components=secrets'], onBus)
    return { busAddress, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
