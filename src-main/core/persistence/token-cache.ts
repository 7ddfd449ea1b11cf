/**
 * The last fetched token list of each profile (metadata only), for offline use, in
 * token-cache.json: read once at start, every list validated, written atomically just after the
 * request that changed it (the disk I/O in the background, one write at a time). A list that does
 * not validate is moved to a backup file and reported; the rest stay, and no malformed token ever
 * reaches classification.
 */
import { writeFileSync } from 'node:fs'
import Conf from 'conf'
import { z } from 'zod'
import type { ApiKey } from '../../shared/models'
import { apiKeySchema } from '../../shared/schemas'
import { backupPath, JsonFile, type JsonFileClass } from './json-file'

const FILE = 'token-cache'

const cachedListSchema = z.object({ fetchedAt: z.string(), tokens: z.array(apiKeySchema) })

export interface CachedList {
  readonly fetchedAt: string
  readonly tokens: readonly ApiKey[]
}

interface Sorted {
  readonly good: Map<string, CachedList>
  readonly bad: Record<string, unknown>
}

/** Keeps the lists that validate; the others are set apart whole (a list is only useful complete). */
function sortEntries(raw: unknown): Sorted {
  const file = z.record(z.string(), z.unknown()).parse(raw)
  const good = new Map<string, CachedList>()
  const bad: Record<string, unknown> = {}
  for (const [profileId, entry] of Object.entries(file)) {
    const parsed = cachedListSchema.safeParse(entry)
    if (parsed.success) good.set(profileId, parsed.data)
    else bad[profileId] = entry
  }
  return { good, bad }
}

export class TokenCache {
  private readonly lists: Map<string, CachedList>
  /** Each list's JSON as last written, by list object: a write serializes only the lists that changed. */
  private readonly texts = new WeakMap<object, string>()
  private scheduled = false
  /** Set by `close` (core's shutdown): a list answered after it stays in memory and is not written. */
  private closed = false
  /** The background write under way (or done): writes run one at a time, in order. */
  private writing: Promise<void> = Promise.resolve()
  private readonly file: JsonFile<Sorted>
  /** What loading found: a corrupt file or lists that did not validate, and where they were kept. */
  readonly problem: string | null

  constructor(dir: string, now: Date, FileClass: JsonFileClass = Conf) {
    this.file = new JsonFile(FileClass, dir, FILE, sortEntries, () => ({ good: new Map(), bad: {} }), now, (lists) => this.text(lists))
    const loaded = this.file.loaded
    this.lists = loaded.value.good
    const badIds = Object.keys(loaded.value.bad)
    const u = loaded.unreadable
    if (badIds.length === 0) {
      this.problem = u ? `The token cache ${u.path} could not be read (${u.reason}). It was kept as ${u.backup}; lists are fetched again when the Token API is reachable.` : null
      return
    }
    const backup = backupPath(dir, FILE, now)
    writeFileSync(backup, JSON.stringify(loaded.value.bad), { mode: 0o600 })
    // The file now holds only what validates, so the same problem is not reported at every start.
    this.file.write(Object.fromEntries(this.lists))
    this.problem = `${badIds.length} cached token list(s) could not be read (profiles ${badIds.join(', ')}) and were kept as ${backup}; they are fetched again when the Token API is reachable.`
  }

  get(profileId: string): CachedList | undefined {
    return this.lists.get(profileId)
  }

  /** Stores a list; the file is written just after the current request so it does not delay it. */
  set(profileId: string, list: CachedList): void {
    this.lists.set(profileId, list)
    this.schedule()
  }

  delete(profileId: string): void {
    if (this.lists.delete(profileId)) this.schedule()
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return
    this.scheduled = true
    setImmediate(() => {
      this.writing = this.writing.then(() => this.writeInBackground())
    })
  }

  private async writeInBackground(): Promise<void> {
    // Written synchronously meanwhile (flush), or by an earlier background write: nothing to do.
    if (!this.scheduled) return
    this.scheduled = false
    try {
      await this.file.writeInBackground(Object.fromEntries(this.lists))
    } catch {
      // The synchronous write reports what is wrong, as every write did before.
      this.scheduled = true
      this.flush()
    }
  }

  /** Resolves once no background write is under way (shutdown waits for it before `flush`). */
  idle(): Promise<void> {
    return this.writing
  }

  /**
   * The file's text: one compact JSON object, each list's part reused from the last write unless
   * that list changed. With ten profiles of 10,000 tokens, serializing everything on every list
   * fetch held the process for hundreds of milliseconds (the window's calls waited behind it).
   */
  private text(lists: Record<string, unknown>): string {
    const parts: string[] = []
    for (const [profileId, list] of Object.entries(lists)) {
      let json = typeof list === 'object' && list !== null ? this.texts.get(list) : undefined
      if (json === undefined) {
        json = JSON.stringify(list)
        if (typeof list === 'object' && list !== null) this.texts.set(list, json)
      }
      parts.push(`${JSON.stringify(profileId)}:${json}`)
    }
    return `{${parts.join(',')}}\n`
  }

  /**
   * Shutdown: waits for the background write, writes what is pending, and writes nothing after.
   * A list request still in flight when the app stops would otherwise be answered afterwards and
   * write the file into a data folder the user (or a test) may already have removed.
   */
  async close(): Promise<void> {
    await this.writing
    this.closed = true
    this.flush()
  }

  /** Writes pending changes now. */
  flush(): void {
    if (!this.scheduled) return
    this.scheduled = false
    this.file.write(Object.fromEntries(this.lists))
  }
}
