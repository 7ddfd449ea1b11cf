import { hash } from 'node:crypto'
import { open, readFile, rename, rm, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { generateSecret, randomBase62, prefixForEnvironment, type SecretPrefix } from '../shared/token-format'
import { allowlistMatcher } from './ip-allowlist'

export const STATE_FILE_NAME = 'token-api-state.json'
/**
 * last_used times written since the state file was: a use changes one field of one key, and
 * rewriting the whole state for it (every key of every organization, fsynced) stalled a server
 * holding 100,000 keys for a large part of every second it was used.
 */
export const USAGE_FILE_NAME = 'token-api-usage.json'
/** Where a file of the ledger's is written before it is renamed into place (the process id follows). */
const tmpPrefix = (name: string) => `${name}.tmp-`

export type Environment = 'dev' | 'staging' | 'prod'
export type KeyStatus = 'active' | 'expired' | 'revoked'

export interface OrgRecord {
  readonly id: string
  readonly name: string
  readonly environment: Environment
  status: 'active' | 'suspended'
  readonly createdMs: number
}

/** In-memory key: times as epoch ms, the secret only as its SHA-256 digest. */
export interface KeyRecord {
  readonly id: string
  readonly orgId: string
  readonly name: string
  readonly prefix: SecretPrefix
  readonly hint: string
  readonly digest: Buffer
  readonly scopes: readonly string[]
  readonly scopeSet: ReadonlySet<string>
  readonly createdMs: number
  readonly createdIso: string
  lastUsedMs: number | null
  expiresMs: number | null
  revokedMs: number | null
  readonly allowedIps: readonly string[]
  readonly allows: (address: string) => boolean
  /** The key that replaced this one by rotation; a key has at most one. */
  successorId: string | null
}

export interface NewKeySpec {
  readonly name: string
  readonly scopes: readonly string[]
  readonly createdMs: number
  readonly lastUsedMs?: number | null
  readonly expiresMs?: number | null
  readonly revokedMs?: number | null
  readonly allowedIps?: readonly string[]
  readonly successorId?: string | null
}

export interface ListQuery {
  readonly status: KeyStatus | 'all'
  readonly limit: number
  readonly cursor: { readonly createdMs: number; readonly id: string } | null
}

/** Thrown when the state file exists but cannot be trusted; the server must not start over it. */
export class StateFileCorruptError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `The Token API state file ${file} is corrupt (${reason}). Refusing to start so that no key is lost: ` +
        `repair the file or move it away, then start again.`,
    )
    this.name = 'StateFileCorruptError'
  }
}

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO-8601 time')
const usageSchema = z.object({ format: z.literal('keyward-token-api-usage'), version: z.literal(1), last_used: z.record(z.string(), iso) })

const stateSchema = z.object({
  format: z.literal('keyward-token-api-state'),
  version: z.literal(1),
  organizations: z.array(
    z.object({
      id: z.string().startsWith('org_'),
      name: z.string(),
      environment: z.enum(['dev', 'staging', 'prod']),
      status: z.enum(['active', 'suspended']),
      created_at: iso,
    }),
  ),
  keys: z.array(
    z.object({
      id: z.string().startsWith('key_'),
      organization_id: z.string(),
      name: z.string(),
      prefix: z.enum(['sk_test_', 'sk_live_']),
      hint: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      scopes: z.array(z.string()),
      created_at: iso,
      last_used: iso.nullable(),
      expires_at: iso.nullable(),
      revoked_at: iso.nullable(),
      allowed_ips: z.array(z.string()),
      // Absent in files written before rotation recorded successors: those keys have none.
      successor_id: z.string().startsWith('key_').optional(),
    }),
  ),
})
type StateFile = z.infer<typeof stateSchema>

/** SHA-256 of a secret, in hex: the only form in which a secret is ever kept. */
export function digestHexOf(secret: string): string {
  // The one-shot hash() costs a fraction of createHash().update().digest() and runs on every request.
  return hash('sha256', secret, 'hex')
}

/** SHA-256 of a secret as bytes. */
export function digestOf(secret: string): Buffer {
  return Buffer.from(digestHexOf(secret), 'hex')
}

/** A key's status at a moment. */
export function keyStatus(key: KeyRecord, now: number): KeyStatus {
  if (key.revokedMs !== null) return 'revoked'
  if (key.expiresMs !== null && key.expiresMs <= now) return 'expired'
  return 'active'
}

let lastMs = Number.NaN
let lastIso = ''

/** Epoch milliseconds as the contract's ISO-8601 timestamp; null stays null. */
export function toIso(ms: number | null): string | null {
  if (ms === null) return null
  // last_used is "now" on every authenticated request: under load many share one millisecond.
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString()
    lastMs = ms
  }
  return lastIso
}
const fromIso = (s: string | null): number | null => (s === null ? null : Date.parse(s))

// Newest first, ties by id ascending: the list order of the contract.
function compareKeys(a: { createdMs: number; id: string }, b: { createdMs: number; id: string }): number {
  if (a.createdMs !== b.createdMs) return b.createdMs - a.createdMs
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * The ledger of organizations and their keys: the server's whole state, in memory with indexes,
 * persisted atomically to one JSON file.
 */
export class KeyLedger {
  private readonly orgs = new Map<string, OrgRecord>()
  private readonly keysById = new Map<string, KeyRecord>()
  private readonly keysByDigest = new Map<string, KeyRecord>()
  /** Per organization, kept in list order so a page is a slice, not a sort. */
  private readonly ordered = new Map<string, KeyRecord[]>()
  private readonly waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = []
  private writing = false
  private draining: Promise<void> | null = null
  /** Keys used since the state file was written: what the usage file holds. */
  private usedSinceState = new Set<KeyRecord>()
  /** A use came since the usage file was last written. */
  private usageDirty = false
  private usageWriting = false

  private constructor(
    readonly dataDir: string,
    readonly file: string,
  ) {}

  /** Opens the state in dataDir; `fresh` is true when there was no state file yet. */
  static async open(dataDir: string): Promise<{ ledger: KeyLedger; fresh: boolean }> {
    await mkdir(dataDir, { recursive: true })
    const file = join(dataDir, STATE_FILE_NAME)
    const ledger = new KeyLedger(dataDir, file)
    // A crash mid-write leaves only a temporary file; the state file itself is always whole.
    for (const name of await readdir(dataDir)) {
      if (name.startsWith(tmpPrefix(STATE_FILE_NAME)) || name.startsWith(tmpPrefix(USAGE_FILE_NAME))) await rm(join(dataDir, name), { force: true })
    }
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ledger, fresh: true }
      throw e
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      throw new StateFileCorruptError(file, `not valid JSON: ${(e as Error).message}`)
    }
    const parsed = stateSchema.safeParse(json)
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      throw new StateFileCorruptError(file, `unexpected content at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`)
    }
    ledger.load(parsed.data)
    await ledger.loadUsage()
    return { ledger, fresh: false }
  }

  /**
   * Applies the usage file: each key's last_used is the later of the two files' (last_used only
   * moves forward, so which file was written last does not matter). The file holds nothing else;
   * one that cannot be read costs only those times, so it is left aside rather than stopping the server.
   */
  private async loadUsage(): Promise<void> {
    let usage: unknown
    try {
      usage = JSON.parse(await readFile(join(this.dataDir, USAGE_FILE_NAME), 'utf8'))
    } catch {
      return
    }
    const parsed = usageSchema.safeParse(usage)
    if (!parsed.success) return
    for (const [id, iso] of Object.entries(parsed.data.last_used)) {
      const key = this.keysById.get(id)
      const ms = Date.parse(iso)
      if (key && (key.lastUsedMs ?? -Infinity) < ms) {
        key.lastUsedMs = ms
        this.usedSinceState.add(key)
      }
    }
  }

  private load(state: StateFile): void {
    for (const o of state.organizations) {
      this.orgs.set(o.id, { id: o.id, name: o.name, environment: o.environment, status: o.status, createdMs: Date.parse(o.created_at) })
      this.ordered.set(o.id, [])
    }
    for (const k of state.keys) {
      if (!this.orgs.has(k.organization_id)) {
        throw new StateFileCorruptError(this.file, `key ${k.id} belongs to unknown organization ${k.organization_id}`)
      }
      this.index(
        this.record(k.id, k.organization_id, k.prefix, k.hint, Buffer.from(k.sha256, 'hex'), {
          name: k.name,
          scopes: k.scopes,
          createdMs: Date.parse(k.created_at),
          lastUsedMs: fromIso(k.last_used),
          expiresMs: fromIso(k.expires_at),
          revokedMs: fromIso(k.revoked_at),
          allowedIps: k.allowed_ips,
          successorId: k.successor_id ?? null,
        }),
      )
    }
    for (const list of this.ordered.values()) list.sort(compareKeys)
  }

  private record(id: string, orgId: string, prefix: SecretPrefix, hint: string, digest: Buffer, spec: NewKeySpec): KeyRecord {
    const allowedIps = [...(spec.allowedIps ?? [])]
    return {
      id,
      orgId,
      name: spec.name,
      prefix,
      hint,
      digest,
      scopes: [...spec.scopes],
      scopeSet: new Set(spec.scopes),
      createdMs: spec.createdMs,
      createdIso: new Date(spec.createdMs).toISOString(),
      lastUsedMs: spec.lastUsedMs ?? null,
      expiresMs: spec.expiresMs ?? null,
      revokedMs: spec.revokedMs ?? null,
      allowedIps,
      allows: allowlistMatcher(allowedIps),
      successorId: spec.successorId ?? null,
    }
  }

  private index(key: KeyRecord): void {
    this.keysById.set(key.id, key)
    this.keysByDigest.set(key.digest.toString('hex'), key)
    let list = this.ordered.get(key.orgId)
    if (!list) this.ordered.set(key.orgId, (list = []))
    list.push(key)
  }

  /** Adds an organization in memory; call persist() to make it durable. */
  addOrganization(name: string, environment: Environment, createdMs: number): OrgRecord {
    const org: OrgRecord = { id: `org_${randomBase62(16)}`, name, environment, status: 'active', createdMs }
    this.orgs.set(org.id, org)
    this.ordered.set(org.id, [])
    return org
  }

  organizations(): OrgRecord[] {
    return [...this.orgs.values()]
  }

  organization(id: string): OrgRecord | undefined {
    return this.orgs.get(id)
  }

  /** Mints keys in memory (secrets returned, digests kept); call persist() to make them durable. */
  mintKeys(orgId: string, specs: readonly NewKeySpec[]): Array<{ key: KeyRecord; secret: string }> {
    const org = this.orgs.get(orgId)
    if (!org) throw new Error(`Unknown organization ${orgId}`)
    const prefix = prefixForEnvironment(org.environment)
    const out = specs.map((spec) => {
      const secret = generateSecret(prefix)
      const key = this.record(`key_${randomBase62(24)}`, orgId, prefix, secret.slice(-4), digestOf(secret), spec)
      this.keysById.set(key.id, key)
      this.keysByDigest.set(key.digest.toString('hex'), key)
      return { key, secret }
    })
    const list = this.ordered.get(orgId) as KeyRecord[]
    if (out.length === 1) {
      // The common case: a new key sorts first, so a binary search and splice beat a full sort.
      const key = (out[0] as { key: KeyRecord }).key
      list.splice(this.firstAfter(list, key), 0, key)
    } else {
      for (const { key } of out) list.push(key)
      list.sort(compareKeys)
    }
    return out
  }

  /** Takes back a key minted in memory whose write failed, so memory never claims what the disk lacks. */
  removeKey(key: KeyRecord): void {
    this.keysById.delete(key.id)
    this.keysByDigest.delete(key.digest.toString('hex'))
    const list = this.ordered.get(key.orgId)
    const at = list ? list.indexOf(key) : -1
    if (list && at >= 0) list.splice(at, 1)
  }

  /** Finds the key of a secret by its digest. */
  findBySecret(secret: string): KeyRecord | undefined {
    // Looked up by the secret's SHA-256, never by the secret: how long the lookup takes can tell an
    // attacker about digests only, which lead back to no secret (the usual way to store API keys).
    // A hit is an exact match of the digest, so a constant-time compare after it proved nothing new
    // (and cost ~2 % of a /v1/me request).
    return this.keysByDigest.get(digestHexOf(secret))
  }

  key(id: string): KeyRecord | undefined {
    return this.keysById.get(id)
  }

  /** Index of the first key that sorts strictly after `pos`. */
  private firstAfter(list: readonly KeyRecord[], pos: { createdMs: number; id: string }): number {
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compareKeys(list[mid] as KeyRecord, pos) <= 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** One page of an organization's keys in list order, and whether more follow. */
  list(orgId: string, query: ListQuery, now: number): { items: KeyRecord[]; more: boolean } {
    const list = this.ordered.get(orgId) ?? []
    const items: KeyRecord[] = []
    let i = query.cursor ? this.firstAfter(list, query.cursor) : 0
    for (; i < list.length; i++) {
      const key = list[i] as KeyRecord
      if (query.status !== 'all' && keyStatus(key, now) !== query.status) continue
      if (items.length === query.limit) return { items, more: true }
      items.push(key)
    }
    return { items, more: false }
  }

  /** Records use without a disk write; the flush timer and close() persist it. */
  markUsed(key: KeyRecord, now: number): void {
    key.lastUsedMs = now
    this.usedSinceState.add(key)
    this.usageDirty = true
  }

  /**
   * Writes the last_used times changed since the state file was written to the usage file (a few
   * keys, not the whole state), if any changed since the last write.
   */
  async flushUsage(): Promise<void> {
    // One usage write at a time; one of the state file takes every last_used with it.
    if (this.usageWriting) return
    await this.idle()
    if (!this.usageDirty || this.usageWriting) return
    this.usageWriting = true
    this.usageDirty = false
    const last_used: Record<string, string> = {}
    for (const key of this.usedSinceState) last_used[key.id] = toIso(key.lastUsedMs) as string
    try {
      await this.writeAtomically(USAGE_FILE_NAME, JSON.stringify({ format: 'keyward-token-api-usage', version: 1, last_used }))
    } catch (e) {
      this.usageDirty = true
      throw e
    } finally {
      this.usageWriting = false
    }
  }

  /** Makes an in-memory change durable, or undoes it and rethrows (the request then fails with 500). */
  async commit(undo: () => void): Promise<void> {
    try {
      await this.persist()
    } catch (e) {
      undo()
      throw e
    }
  }

  /**
   * Resolves once a write that started after this call is on disk. Concurrent callers share
   * one write, so a burst of mutations costs one or two fsyncs, not one each.
   */
  persist(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject })
      if (!this.writing) this.draining = this.drain()
    })
  }

  /** Resolves once no write is under way (close() waits for it, so no temporary file outlives the server). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining
  }

  private async drain(): Promise<void> {
    this.writing = true
    while (this.waiters.length > 0) {
      const batch = this.waiters.splice(0)
      // Every last_used so far goes into this snapshot; the usage file may keep older times (harmless: the later one wins).
      const used = this.usedSinceState
      this.usedSinceState = new Set()
      try {
        // Snapshot now, synchronously: a change made while this write is under way belongs to the
        // next batch, whose write may fail and be undone; it must not reach disk with this one.
        await this.writeAtomically(STATE_FILE_NAME, JSON.stringify(this.snapshot()))
        for (const w of batch) w.resolve()
      } catch (e) {
        for (const key of used) this.usedSinceState.add(key)
        this.usageDirty = true
        for (const w of batch) w.reject(e)
        // Let the rejected requests undo their changes before the next write snapshots memory.
        await new Promise((r) => setImmediate(r))
      }
    }
    this.writing = false
    this.draining = null
  }

  private snapshot(): StateFile {
    const keys: StateFile['keys'] = []
    for (const k of this.keysById.values()) {
      keys.push({
        id: k.id,
        organization_id: k.orgId,
        name: k.name,
        prefix: k.prefix,
        hint: k.hint,
        sha256: k.digest.toString('hex'),
        scopes: [...k.scopes],
        created_at: k.createdIso,
        last_used: toIso(k.lastUsedMs),
        expires_at: toIso(k.expiresMs),
        revoked_at: toIso(k.revokedMs),
        allowed_ips: [...k.allowedIps],
        ...(k.successorId === null ? {} : { successor_id: k.successorId }),
      })
    }
    return {
      format: 'keyward-token-api-state',
      version: 1,
      organizations: [...this.orgs.values()].map((o) => ({
        id: o.id,
        name: o.name,
        environment: o.environment,
        status: o.status,
        created_at: new Date(o.createdMs).toISOString(),
      })),
      keys,
    }
  }

  // Temp file, fsync, rename, fsync the directory: after a crash the file is the old or the new state, never half.
  private async writeAtomically(name: string, data: string): Promise<void> {
    const tmp = join(this.dataDir, `${tmpPrefix(name)}${process.pid}`)
    const fh = await open(tmp, 'w', 0o600)
    try {
      await fh.writeFile(data)
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, join(this.dataDir, name))
    if (process.platform !== 'win32') {
      const dir = await open(this.dataDir, 'r')
      try {
        await dir.sync()
      } finally {
        await dir.close()
      }
    }
  }
}
