/** What every command shares: the data directory and keychain services the global options select. */
import type { KeytarLike } from '../core/vault'
import { createSecretsOut, type SecretsOut } from '../core/services/secrets-out'
import { defaultUserDataDir, keychainServices } from '../core/user-data-location'

export interface GlobalOptions {
  readonly userDataDir?: string
  readonly keychainService?: string
}

export interface CliContext {
  readonly dataDir: string
  readonly secretsOut: SecretsOut
}

// keytar is a native module: loaded only by commands that reach the keychain.
const loadKeytar = async (): Promise<KeytarLike> => {
  const loaded = (await import('keytar')) as unknown as KeytarLike & { default?: KeytarLike }
  // An ES import gives keytar's exports as default; the CommonJS bundle's require gives them as is.
  return loaded.default ?? loaded
}

export function cliContext(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): CliContext {
  const dataDir = options.userDataDir || env.KEYWARD_USER_DATA || defaultUserDataDir(env)
  const services = keychainServices(options.keychainService || env.KEYWARD_KEYCHAIN_SERVICE || undefined)
  return { dataDir, secretsOut: createSecretsOut({ dataDir, keytar: loadKeytar, services }) }
}
