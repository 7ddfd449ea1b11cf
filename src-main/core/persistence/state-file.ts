/**
 * The persisted state (settings, profiles, reminder state, rotation journal, sandbox port) in
 * config.json: read once at start, migrated, validated, then held in memory and written atomically
 * on every change. A corrupt file is kept as a backup and reported, never silently replaced. No
 * secret is ever written here.
 */
import { z } from 'zod'
import { DEFAULT_SETTINGS, type Settings } from '../../shared/models'
import { profileSchema, settingsSchema, type DeepReadonly } from '../../shared/schemas'
import { rotationStyleSchema } from '../../shared/providers'
import { firedGroupsOfKeys, type ReminderState } from '../reminders'
import Conf from 'conf'
import { JsonFile, type JsonFileClass } from './json-file'

export const SCHEMA_VERSION = 3

const FILE = 'config'

/** A profile as saved: the public shape plus what core keeps about its credential (never the secret). */
const storedProfileSchema = profileSchema.extend({
  /** The credential's key type (sk_test_/sk_live_) — not secret, kept for the mismatch warning. */
  credentialPrefix: z.enum(['sk_test_', 'sk_live_']).nullable(),
  /** Which key the credential is (from GET /v1/me), so revoking it can be warned about. Absent in older files. */
  credentialKeyId: z.string().nullable().optional(),
  /**
   * What the pasted credential looked like when it was saved (another provider's, another
   * environment's), from the offline checks; absent in older files and for Token API profiles,
   * whose warnings come from credentialPrefix.
   */
  credentialWarnings: z.array(z.string()).optional(),
})
export type StoredProfile = DeepReadonly<z.infer<typeof storedProfileSchema>>

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
  /** How the provider rotates (capabilities.rotationPlan); absent: the Token API's native grace (older files). */
  style: rotationStyleSchema.optional(),
  /**
   * create-then-revoke with a grace period Keyward keeps itself (npm): when Keyward revokes the old
   * token — then, or at the next start if the app was closed. Null/absent: not scheduled.
   */
  revokeOldAt: z.string().nullable().optional(),
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
export type JournalEntry = DeepReadonly<z.infer<typeof journalEntrySchema>>

const stateSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  settings: settingsSchema,
  profiles: z.array(storedProfileSchema),
  reminders: z.object({
    fired: z.array(
      z
        .object({ profileId: z.string(), rule: z.string(), tokenIds: z.array(z.string()), lastUsedMs: z.array(z.number()).optional() })
        // An idle group names one last use per token.
        .refine((g) => g.lastUsedMs === undefined || g.lastUsedMs.length === g.tokenIds.length, 'lastUsedMs must name one last use per token'),
    ),
    snoozed: z.record(z.string(), z.string()),
  }),
  journal: z.array(journalEntrySchema),
  sandbox: z.object({
    port: z.number().int().min(0).max(65535).nullable(),
    /**
     * Set when a settings file could not be read: the backup may hold the profiles with the
     * sandbox's admin keys, so its data is kept (not recreated) until the user removes the sandbox.
     */
    keptAfterSettingsProblem: z.boolean().optional(),
    /** The sample token whose secret the sandbox put in the keychain, for the welcome's Copy. */
    sample: z.object({ profileId: z.string(), tokenId: z.string(), name: z.string() }).nullable().optional(),
    /** The first-launch welcome was dismissed: it never shows again. */
    welcomeDismissed: z.boolean().optional(),
  }),
})
export type PersistedState = DeepReadonly<z.infer<typeof stateSchema>>

export function initialState(): PersistedState {
  return {
    schemaVersion: SCHEMA_VERSION,
    settings: DEFAULT_SETTINGS,
    profiles: [],
    reminders: { fired: [], snoozed: {} },
    journal: [],
    sandbox: { port: null },
  }
}

type Raw = Record<string, unknown>
/** Migrations from version N to N+1, on raw JSON (before validation); `nowMs` is the upgrade's time. */
export const MIGRATIONS: Readonly<Record<number, (raw: Raw, nowMs: number) => Raw>> = {
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
  // v2 kept one key string per reminder shown; v3 groups them per profile and rule (reminders.ts).
  2: (raw, nowMs) => {
    const reminders = raw.reminders as Raw | undefined
    const fired = reminders?.fired
    // Anything but a list of keys is left as it is, for validation to report (the file is kept, not reset).
    if (!Array.isArray(fired) || !fired.every((k) => typeof k === 'string')) return { ...raw, schemaVersion: 3 }
    return { ...raw, schemaVersion: 3, reminders: { ...reminders, fired: firedGroupsOfKeys(fired, nowMs) } }
  },
}

/** Brings raw JSON up to SCHEMA_VERSION; throws when it is from a newer Keyward or unknown. */
export function migrate(raw: Raw, nowMs: number): Raw {
  let current = raw
  let version = typeof current.schemaVersion === 'number' ? current.schemaVersion : 1
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version]
    if (!step) throw new Error(`no migration from version ${version}`)
    current = step(current, nowMs)
    version++
  }
  if (version > SCHEMA_VERSION) throw new Error(`written by a newer Keyward (schema version ${version})`)
  return current
}

/** The persisted state, held in memory; the only reader and writer of config.json. */
export class StateFile {
  private current: PersistedState
  private readonly file: JsonFile<PersistedState>
  /** What loading found, e.g. a corrupt file kept as a backup. */
  readonly problem: string | null

  constructor(dir: string, now: Date, FileClass: JsonFileClass = Conf) {
    this.file = new JsonFile(FileClass, dir, FILE, (raw) => stateSchema.parse(migrate(raw as Raw, now.getTime())), initialState, now)
    const loaded = this.file.loaded
    this.current = loaded.value
    const u = loaded.unreadable
    this.problem = u
      ? `The settings file ${u.path} could not be read (${u.reason}). It was kept as ${u.backup}; Keyward started with default settings and no profiles. Your secrets are still in the system keychain.`
      : null
    // Written at once: a migrated or fresh state is on disk before anything else happens.
    this.file.write(this.current)
  }

  get journal(): readonly JournalEntry[] {
    return this.current.journal
  }

  get sandbox(): PersistedState['sandbox'] {
    return this.current.sandbox
  }

  /** Replaces the state by copy and persists it synchronously (the rotation journal relies on that). */
  update(change: (state: PersistedState) => PersistedState): PersistedState {
    const next = change(this.current)
    this.file.write(next)
    this.current = next
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
