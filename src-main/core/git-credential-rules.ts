/**
 * The rules of Keyward as a git credential helper, without any file or keychain: git's credential
 * protocol (git-credential(1): `key=value` lines, a blank line or EOF ends them), host names as
 * git sends them, the host map's file format, and which mapped token (if any) answers a `get`.
 * services/git-credentials.ts does the reading, writing and secret lookup around them.
 */
import { KeywardError } from './errors'

export const GIT_MAP_VERSION = 1

export interface GitHostEntry {
  readonly reference: string
  /** Sent as git's username when the request names none. */
  readonly username: string | null
}

export type GitHostMap = Readonly<Record<string, GitHostEntry>>

/** git's username when neither the request nor the map names one (a token needs some username). */
export const DEFAULT_GIT_USERNAME = 'keyward'

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/

/** `host` or `host:port`, as git sends it; lower-cased so GitHub.com and github.com are one. */
export function normalizeHost(host: string): string {
  const h = host.trim().toLowerCase()
  if (!HOST.test(h)) throw new KeywardError('INVALID_REQUEST', `"${host}" is not a host name (write it as git sends it: example.com or example.com:8443).`)
  return h
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

/** One `key=value` line; git's protocol cannot carry a newline or NUL in a value. */
export function credentialLine(key: string, value: string): string {
  if (/[\n\0]/.test(value)) throw new KeywardError('INVALID_REQUEST', `the ${key} contains a newline, which git’s credential protocol cannot carry.`)
  return `${key}=${value}\n`
}

/** The host map from its parsed file (`path` only names it in errors); anything unexpected is an error, never a silent reset. */
export function gitHostMapFromJson(raw: unknown, path: string): GitHostMap {
  const file = raw as { version?: unknown; hosts?: Record<string, { reference?: unknown; username?: unknown }> } | null
  if (!file || file.version !== GIT_MAP_VERSION || !file.hosts || typeof file.hosts !== 'object') {
    throw new KeywardError('SETTINGS_CORRUPT', `${path} is not a version ${GIT_MAP_VERSION} host map; fix or remove it.`)
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

/** The host map's file text: hosts sorted, so the file reads the same whatever order they were mapped in. */
export function gitHostMapToJson(map: GitHostMap): string {
  const sorted = Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)))
  return `${JSON.stringify({ version: GIT_MAP_VERSION, hosts: sorted }, null, 2)}\n`
}

/** The map's entry for a host; only the map's own keys count (a host named "constructor" is not Object's). */
export function gitHostEntry(map: GitHostMap, host: string): GitHostEntry | undefined {
  return Object.hasOwn(map, host) ? map[host] : undefined
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/

/** Which mapped token answers a `get`: none (not ours to answer), refused (and why), or the reference to send with its username. */
export type CredentialMatch =
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'use'; readonly reference: string; readonly username: string }

/** The host a `get` asks about, as the map keys it; null when git sent none or not a host name (not ours to answer). */
export function requestedHost(request: Readonly<Record<string, string>>): string | null {
  // Stryker disable next-line ConditionalExpression: equivalent — without it normalizeHost refuses a missing or empty host and the catch answers null all the same
  if (!request.host) return null
  try {
    return normalizeHost(request.host)
  } catch {
    return null
  }
}

/** A `get` for `host` (from requestedHost) against its map entry: only a mapped host, only over https (or http to this machine). */
export function matchCredentialRequest(request: Readonly<Record<string, string>>, host: string, entry: GitHostEntry | undefined): CredentialMatch {
  if (!entry) return { kind: 'none' }
  if (request.protocol !== 'https' && !(request.protocol === 'http' && LOOPBACK.test(host))) {
    return { kind: 'refused', reason: `not sending the token for ${host} over ${request.protocol ?? 'an unknown protocol'}: only https (or http to this machine) carries it.` }
  }
  return { kind: 'use', reference: entry.reference, username: request.username || entry.username || DEFAULT_GIT_USERNAME }
}
