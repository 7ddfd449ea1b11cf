/**
 * Keyward as a git credential helper: which host uses which token, and the answers to git's
 * credential protocol (git-credential(1): `key=value` lines, a blank line or EOF ends them).
 *
 * The host map is its own file in the data directory, git-credentials.json, and this module is
 * its only owner (the app never reads or writes it). It holds references, never secrets, and is
 * written atomically (temporary file, fsync, rename) so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto'
import { open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError } from '../errors'
import type { SecretsOut } from './secrets-out'

export const GIT_MAP_FILE = 'git-credentials.json'
const VERSION = 1

export interface GitHostEntry {
  readonly reference: string
  /** Sent as git's username when the request names none. */
  readonly username: string | null
}

export type GitHostMap = Readonly<Record<string, GitHostEntry>>

const DEFAULT_USERNAME = 'keyward'

/** `host` or `host:port`, as git sends it; lower-cased so GitHub.com and github.com are one. */
export function normalizeHost(host: string): string {
  const h = host.trim().toLowerCase()
  if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/.test(h)) throw new KeywardError('INVALID_REQUEST', `"${host}" is not a host name (write it as git sends it: example.com or example.com:8443).`)
  return h
}

/** Reads the map; a missing file is an empty map, a broken one an error (never rewritten over). */
export async function readGitHostMap(dataDir: string): Promise<GitHostMap> {
  const path = join(dataDir, GIT_MAP_FILE)
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new KeywardError('SETTINGS_CORRUPT', `${path} cannot be read (${error instanceof SyntaxError ? 'it is not valid JSON' : ((error as NodeJS.ErrnoException).code ?? 'error')}); fix or remove it.`)
  }
  const file = raw as { version?: unknown; hosts?: Record<string, { reference?: unknown; username?: unknown }> } | null
  if (!file || file.version !== VERSION || !file.hosts || typeof file.hosts !== 'object') {
    throw new KeywardError('SETTINGS_CORRUPT', `${path} is not a version ${VERSION} host map; fix or remove it.`)
  }
  const out: Record<string, GitHostEntry> = {}
  for (const [host, e] of Object.entries(file.hosts)) {
    if (!e || typeof e.reference !== 'string' || (e.username !== null && e.username !== undefined && typeof e.username !== 'string')) {
      throw new KeywardError('SETTINGS_CORRUPT', `${path}: the entry for ${host} is malformed; fix or remove it.`)
    }
    out[host] = { reference: e.reference, username: (e.username as string | null | undefined) ?? null }
  }
  return out
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const handle = await open(tmp, 'wx', 0o600)
  try {
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(tmp, path)
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
}

async function writeGitHostMap(dataDir: string, map: GitHostMap): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)))
  await writeAtomically(join(dataDir, GIT_MAP_FILE), `${JSON.stringify({ version: VERSION, hosts: sorted }, null, 2)}\n`)
}

/** Maps a host to a reference, which must name a token now (it is stored as given: names survive rotation). */
export async function mapGitHost(dataDir: string, secretsOut: SecretsOut, host: string, reference: string, username: string | null): Promise<GitHostEntry> {
  const key = normalizeHost(host)
  await secretsOut.resolve(reference)
  const entry: GitHostEntry = { reference, username }
  await writeGitHostMap(dataDir, { ...(await readGitHostMap(dataDir)), [key]: entry })
  return entry
}

/** Removes a host's mapping; false when it had none. */
export async function unmapGitHost(dataDir: string, host: string): Promise<boolean> {
  const key = normalizeHost(host)
  const map = await readGitHostMap(dataDir)
  if (!(key in map)) return false
  await writeGitHostMap(dataDir, Object.fromEntries(Object.entries(map).filter(([h]) => h !== key)))
  return true
}

/** git's `key=value` lines; unknown keys are kept but never used, array keys (`x[]`) are skipped. */
export function parseCredentialRequest(text: string): Readonly<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const l = line.replace(/\r$/, '')
    if (l === '') break
    const eq = l.indexOf('=')
    if (eq <= 0 || l.slice(0, eq).endsWith('[]')) continue
    out[l.slice(0, eq)] = l.slice(eq + 1)
  }
  return out
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/

export type CredentialAnswer = { readonly kind: 'none' } | { readonly kind: 'refused'; readonly reason: string } | { readonly kind: 'credential'; readonly username: string; readonly password: string }

/** The answer to `get`: the mapped token's secret, checked like exec's; none for an unmapped host. */
export async function answerCredentialGet(dataDir: string, secretsOut: SecretsOut, request: Readonly<Record<string, string>>): Promise<CredentialAnswer> {
  if (!request.host) return { kind: 'none' }
  let host: string
  try {
    host = normalizeHost(request.host)
  } catch {
    return { kind: 'none' }
  }
  const entry = (await readGitHostMap(dataDir))[host]
  if (!entry) return { kind: 'none' }
  if (request.protocol !== 'https' && !(request.protocol === 'http' && LOOPBACK.test(host))) {
    return { kind: 'refused', reason: `not sending the token for ${host} over ${request.protocol ?? 'an unknown protocol'}: only https (or http to this machine) carries it.` }
  }
  const secret = (await secretsOut.secrets([entry.reference])).get(entry.reference)
  if (secret === undefined) return { kind: 'none' }
  return { kind: 'credential', username: request.username || entry.username || DEFAULT_USERNAME, password: secret }
}

/** One `key=value` line; git's protocol cannot carry a newline or NUL in a value. */
export function credentialLine(key: string, value: string): string {
  if (/[\n\0]/.test(value)) throw new KeywardError('INVALID_REQUEST', `the ${key} contains a newline, which git’s credential protocol cannot carry.`)
  return `${key}=${value}\n`
}
