/**
 * Reads the app's profiles and last token lists without writing anything: the app may be running
 * and owns these files (it writes them atomically, so a read sees one whole version). Unlike the
 * app's own loader, a bad file is reported and left exactly where it is.
 *
 * Checked by hand rather than with the app's zod schemas: this is on the start-up path of
 * `keyward exec`, and only the fields read here need to hold.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError } from './errors'

export interface DataProfile {
  readonly id: string
  readonly name: string
  readonly environment: string
}

export interface DataToken {
  readonly id: string
  readonly name: string
  readonly createdAt: string
  readonly lastUsed: string | null
  readonly expiresAt: string | null
  readonly revokedAt: string | null
  readonly status: 'active' | 'expired' | 'revoked'
}

export interface ProfileTokens {
  /** When the app last fetched this list; null when it never did. */
  readonly fetchedAt: string | null
  readonly tokens: readonly DataToken[]
}

export interface KeywardData {
  readonly dir: string
  readonly profiles: readonly DataProfile[]
  /** Reads one profile's last known token list. */
  tokens(profileId: string): Promise<ProfileTokens>
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isNullableString = (v: unknown): v is string | null => v === null || v === undefined || typeof v === 'string'
const STATUSES = new Set(['active', 'expired', 'revoked'])

function corrupt(path: string, why: string): KeywardError {
  return new KeywardError('SETTINGS_CORRUPT', `${path} cannot be read (${why}); Keyward’s CLI leaves it as it is. Open Keyward to repair it.`)
}

async function readJson(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw corrupt(path, (error as NodeJS.ErrnoException).code ?? 'unreadable')
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw corrupt(path, 'it is not valid JSON')
  }
}

function toProfile(raw: unknown, path: string): DataProfile {
  const p = raw as Record<string, unknown> | null
  if (!p || !isString(p.id) || !isString(p.name) || !isString(p.environment)) throw corrupt(path, 'a profile lacks its id, name or environment')
  return { id: p.id, name: p.name, environment: p.environment }
}

function toToken(raw: unknown, path: string): DataToken {
  const t = raw as Record<string, unknown> | null
  if (!t || !isString(t.id) || !isString(t.name) || !isString(t.createdAt) || !isString(t.status) || !STATUSES.has(t.status)) {
    throw corrupt(path, 'a cached token lacks its id, name, creation time or status')
  }
  if (!isNullableString(t.lastUsed) || !isNullableString(t.expiresAt) || !isNullableString(t.revokedAt)) throw corrupt(path, 'a cached token has a malformed date')
  return {
    id: t.id,
    name: t.name,
    createdAt: t.createdAt,
    lastUsed: t.lastUsed ?? null,
    expiresAt: t.expiresAt ?? null,
    revokedAt: t.revokedAt ?? null,
    status: t.status as DataToken['status'],
  }
}

/** Opens a data directory read-only; fails when it holds no Keyward settings. */
export async function readKeywardData(dir: string): Promise<KeywardData> {
  const configPath = join(dir, 'config.json')
  const config = (await readJson(configPath)) as Record<string, unknown> | undefined
  if (config === undefined) {
    throw new KeywardError('PROFILE_NOT_FOUND', `No Keyward data in ${dir}. Start Keyward once, or point --user-data-dir (KEYWARD_USER_DATA) at the app’s data directory.`)
  }
  if (!config || typeof config !== 'object' || !Array.isArray(config.profiles)) throw corrupt(configPath, 'it has no profile list')
  const profiles = config.profiles.map((p) => toProfile(p, configPath))
  const cachePath = join(dir, 'token-cache.json')
  let cache: Promise<Record<string, unknown>> | null = null
  return {
    dir,
    profiles,
    async tokens(profileId) {
      cache ??= readJson(cachePath).then((raw) => {
        if (raw === undefined) return {}
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw corrupt(cachePath, 'it is not a map of token lists')
        return raw as Record<string, unknown>
      })
      const entry = (await cache)[profileId] as Record<string, unknown> | undefined
      if (entry === undefined) return { fetchedAt: null, tokens: [] }
      if (!entry || !isString(entry.fetchedAt) || !Array.isArray(entry.tokens)) throw corrupt(cachePath, 'a token list is malformed')
      return { fetchedAt: entry.fetchedAt, tokens: entry.tokens.map((t) => toToken(t, cachePath)) }
    },
  }
}
