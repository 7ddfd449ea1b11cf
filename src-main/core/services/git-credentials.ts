/**
 * Keyward as a git credential helper: the host map's file and the answers that need a secret.
 * The rules (the protocol, host names, the file format, which host gets which token) are in
 * core/git-credential-rules.ts.
 *
 * The host map is its own file in the data directory, git-credentials.json, and this module is
 * its only owner (the app never reads or writes it). It holds references, never secrets, and is
 * written atomically (temporary file, fsync, rename) so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto'
import { open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError } from '../errors'
import { gitHostEntry, gitHostMapFromJson, gitHostMapToJson, matchCredentialRequest, normalizeHost, requestedHost, type GitHostEntry, type GitHostMap } from '../git-credential-rules'
import type { SecretsOut } from './secrets-out'

export const GIT_MAP_FILE = 'git-credentials.json'

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
  return gitHostMapFromJson(raw, path)
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
  await writeAtomically(join(dataDir, GIT_MAP_FILE), gitHostMapToJson(map))
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
  if (!gitHostEntry(map, key)) return false
  await writeGitHostMap(dataDir, Object.fromEntries(Object.entries(map).filter(([h]) => h !== key)))
  return true
}

export type CredentialAnswer = { readonly kind: 'none' } | { readonly kind: 'refused'; readonly reason: string } | { readonly kind: 'credential'; readonly username: string; readonly password: string }

/** The answer to `get`: the mapped token's secret, checked like exec's; none for an unmapped host. */
export async function answerCredentialGet(dataDir: string, secretsOut: SecretsOut, request: Readonly<Record<string, string>>): Promise<CredentialAnswer> {
  // No host, no answer: the map is not even read.
  const host = requestedHost(request)
  if (host === null) return { kind: 'none' }
  const match = matchCredentialRequest(request, host, gitHostEntry(await readGitHostMap(dataDir), host))
  if (match.kind !== 'use') return match
  const secret = (await secretsOut.secrets([match.reference])).get(match.reference)
  if (secret === undefined) return { kind: 'none' }
  return { kind: 'credential', username: match.username, password: secret }
}
