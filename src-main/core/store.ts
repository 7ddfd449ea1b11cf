/**
 * Persisted state (settings, profiles, reminder state, rotation journal, sandbox port) in one
 * conf file — electron-store's own base, so the file format is the app's. Schema-validated with
 * zod and versioned with migrations. A corrupt file is kept as a backup and reported, never
 * silently replaced. No secret is ever written here.
 */
import Conf from 'conf'

/**
 * The class that persists a JSON file: conf under plain Node, electron-store in the app
 * (electron-store extends conf and writes the same format, so either reads the other's file).
 */
export type StoreClass = new <T extends Record<string, unknown>>(options: {
  cwd: string
  configName: string
  accessPropertiesByDotNotation: boolean
  configFileMode: number
}) => Conf<T>
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { DEFAULT_SETTINGS, ENVIRONMENTS, type ApiKey, type Settings } from '../shared/models'
import type { ReminderState } from './reminders'

export const SCHEMA_VERSION = 2

const environment = z.enum(ENVIRONMENTS)
const organization = z.object({ id: z.string(), name: z.string(), environment, status: z.enum(['active', 'suspended']) })

const profileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  environment,
  provider: z.literal('token-api-v1'),
  baseUrl: z.string().min(1),
  createdAt: z.string(),
  organization: organization.nullable(),
  sandbox: z.boolean(),
  /** The credential's key type (sk_test_/sk_live_) — not secret, kept for the mismatch warning. */
  credentialPrefix: z.enum(['sk_test_', 'sk_live_']).nullable(),
  /** Which key the credential is (from GET /v1/me), so revoking it can be warned about. Absent in older files. */
  credentialKeyId: z.string().nullable().optional(),
})
export type StoredProfile = z.infer<typeof profileSchema>

const settingsSchema = z.object({
  reminders: z.object({
    leadTimesDays: z.array(z.number().int().min(1)).min(1),
    rotationAgeDays: z.number().int().min(1),
    staleDays: z.number().int().min(1),
    neverUsedGraceDays: z.number().int().min(1),
    rules: z.object({ expiry: z.boolean(), rotation: z.boolean(), stale: z.boolean() }),
  }),
  clipboardClearSeconds: z.number().int().min(10).max(300).nullable(),
  closeToTray: z.boolean(),
  launchAtLogin: z.boolean(),
  sandboxEnabled: z.boolean(),
})

const journalStep = z.enum(['started', 'rotated', 'stored', 'verified'])
const journalEntrySchema = z.object({
  id: z.string(),
  profileId: z.string(),
  oldTokenId: z.string(),
  tokenName: z.string(),
  step: journalStep,
  startedAt: z.string(),
  requestedGraceSeconds: z.number().int().min(0),
  newTokenId: z.string().nullable(),
  /** When the old token stops working (its new expires_at), once known. */
  oldEndsAt: z.string().nullable(),
  /** The rotated token is the profile's own credential: recovery moves the credential before any revoke. */
  isCredential: z.boolean().optional(),
  /** Set when an interrupted entry was found at start; the user dismisses it. */
  interrupted: z
    .object({
      step: journalStep,
      message: z.string(),
      /** False when the state could not be checked (API unreachable): checked again on next start. */
      resolved: z.boolean(),
    })
    .nullable(),
})
export type JournalEntry = z.infer<typeof journalEntrySchema>

const stateSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  settings: settingsSchema,
  profiles: z.array(profileSchema),
  reminders: z.object({ fired: z.array(z.string()), snoozed: z.record(z.string(), z.string()) }),
  journal: z.array(journalEntrySchema),
  sandbox: z.object({
    port: z.number().int().min(0).max(65535).nullable(),
    /**
     * Set when a settings file could not be read: the backup may hold the profiles with the
     * sandbox's admin keys, so its data is kept (not recreated) until the user removes the sandbox.
     */
    keptAfterSettingsProblem: z.boolean().optional(),
  }),
})
export type PersistedState = z.infer<typeof stateSchema>

export function initialState(): PersistedState {
  return {
    schemaVersion: SCHEMA_VERSION,
    settings: structuredClone(DEFAULT_SETTINGS) as PersistedState['settings'],
    profiles: [],
    reminders: { fired: [], snoozed: {} },
    journal: [],
    sandbox: { port: null },
  }
}

type Raw = Record<string, unknown>
/** Migrations from version N to N+1, on raw JSON (before validation). */
export const MIGRATIONS: Readonly<Record<number, (raw: Raw) => Raw>> = {
  // v1 had no sandbox flag or credential prefix on profiles, and no per-rule reminder toggles.
  1: (raw) => {
    const profiles = Array.isArray(raw.profiles) ? (raw.profiles as Raw[]) : []
    const settings = (raw.settings ?? {}) as Raw
    const reminders = (settings.reminders ?? {}) as Raw
    return {
      ...raw,
      schemaVersion: 2,
      profiles: profiles.map((p) => ({ sandbox: false, credentialPrefix: null, ...p })),
      settings: { ...DEFAULT_SETTINGS, ...settings, reminders: { ...DEFAULT_SETTINGS.reminders, rules: DEFAULT_SETTINGS.reminders.rules, ...reminders } },
      reminders: raw.reminders ?? { fired: [], snoozed: {} },
      journal: raw.journal ?? [],
      sandbox: raw.sandbox ?? { port: null },
    }
  },
}

/** Brings raw JSON up to SCHEMA_VERSION; throws when it is from a newer Keyward or unknown. */
export function migrate(raw: Raw): Raw {
  let current = raw
  let version = typeof current.schemaVersion === 'number' ? current.schemaVersion : 1
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version]
    if (!step) throw new Error(`no migration from version ${version}`)
    current = step(current)
    version++
  }
  if (version > SCHEMA_VERSION) throw new Error(`written by a newer Keyward (schema version ${version})`)
  return current
}

export interface LoadResult<T> {
  readonly value: T
  /** A problem worth telling the user, e.g. "kept as a backup". */
  readonly problem: string | null
}

function backupName(dir: string, base: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  return join(dir, `${base}.corrupt-${stamp}.json`)
}

/** Reads and validates a JSON file; a corrupt one is renamed to a backup and reported. */
function readValidated<T>(dir: string, base: string, parse: (raw: unknown) => T, fallback: () => T, now: Date): LoadResult<T> {
  const path = join(dir, `${base}.json`)
  if (!existsSync(path)) return { value: fallback(), problem: null }
  let reason: string
  try {
    return { value: parse(JSON.parse(readFileSync(path, 'utf8')) as unknown), problem: null }
  } catch (error) {
    reason = error instanceof SyntaxError ? 'it is not valid JSON' : error instanceof z.ZodError ? 'its contents do not match what Keyward expects' : String((error as Error).message ?? error)
  }
  const backup = backupName(dir, base, now)
  renameSync(path, backup)
  return {
    value: fallback(),
    problem: `The settings file ${path} could not be read (${reason}). It was kept as ${backup}; Keyward started with default settings and no profiles. Your secrets are still in the system keychain.`,
  }
}

/** The persisted state, held in memory and written through conf on every change. */
export class StateStore {
  private readonly conf: Conf<PersistedState>
  private current: PersistedState
  readonly problem: string | null

  constructor(readonly dir: string, now: Date, StoreImpl: StoreClass = Conf) {
    const loaded = readValidated(dir, 'config', (raw) => stateSchema.parse(migrate(raw as Raw)), initialState, now)
    this.current = loaded.value
    this.problem = loaded.problem
    this.conf = new StoreImpl<PersistedState>({ cwd: dir, configName: 'config', accessPropertiesByDotNotation: false, configFileMode: 0o600 })
    this.conf.store = this.current
  }

  get state(): PersistedState {
    return this.current
  }

  /** Replaces the state by copy and persists it synchronously (the journal relies on that). */
  update(change: (state: PersistedState) => PersistedState): PersistedState {
    const next = change(this.current)
    this.current = next
    this.conf.store = next
    return next
  }

  get settings(): Settings {
    return this.current.settings
  }

  get profiles(): readonly StoredProfile[] {
    return this.current.profiles
  }

  get reminderState(): ReminderState {
    return this.current.reminders
  }
}

const cachedList = z.object({ fetchedAt: z.string(), tokens: z.array(z.any()) })
const cacheSchema = z.record(z.string(), cachedList)
export interface CachedList {
  readonly fetchedAt: string
  readonly tokens: readonly ApiKey[]
}

/** The last fetched token list of each profile (metadata only), for offline use. */
export class TokenCache {
  private readonly conf: Conf<Record<string, CachedList>>
  private readonly lists: Map<string, CachedList>
  readonly problem: string | null

  constructor(dir: string, now: Date, StoreImpl: StoreClass = Conf) {
    const loaded = readValidated(dir, 'token-cache', (raw) => cacheSchema.parse(raw) as Record<string, CachedList>, () => ({}), now)
    this.problem = loaded.problem
    this.lists = new Map(Object.entries(loaded.value))
    this.conf = new StoreImpl<Record<string, CachedList>>({ cwd: dir, configName: 'token-cache', accessPropertiesByDotNotation: false, configFileMode: 0o600 })
  }

  get(profileId: string): CachedList | undefined {
    return this.lists.get(profileId)
  }

  private scheduled = false

  /** Stores a list; the file is written just after the current request so it does not delay it. */
  set(profileId: string, list: CachedList): void {
    this.lists.set(profileId, list)
    this.schedule()
  }

  delete(profileId: string): void {
    if (this.lists.delete(profileId)) this.schedule()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => this.flush())
  }

  /** Writes pending changes now (also on shutdown). */
  flush(): void {
    if (!this.scheduled) return
    this.scheduled = false
    this.conf.store = Object.fromEntries(this.lists)
  }
}

