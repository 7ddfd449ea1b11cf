/**
 * Where the app keeps its data and secrets, for shells that are not Electron (the CLI): the same
 * directory Electron's app.getPath('userData') gives the app, and the keychain services it uses.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { VAULT_SERVICE } from './vault'

/** Electron's userData is <appData>/<productName>; productName is "Keyward" (package.json). */
const PRODUCT_NAME = 'Keyward'

/** The app's user-data directory on this machine, as Electron computes it. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME ?? homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME)
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME)
}

/**
 * The keychain services to look in, in order. A packaged app stores under "Keyward", an
 * unpackaged one (development, the e2e suite) under "Keyward Dev"; both can share a data
 * directory's layout, and profile ids are random, so an entry is found in at most one of them.
 */
export function keychainServices(explicit: string | undefined): readonly string[] {
  return explicit ? [explicit] : [VAULT_SERVICE.production, VAULT_SERVICE.development]
}
