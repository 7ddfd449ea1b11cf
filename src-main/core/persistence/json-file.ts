/**
 * The one owner of each of Keyward's JSON files: conf under plain Node, electron-store (conf's
 * Electron subclass, same file format) in the app. A file is parsed once, when it is opened (its
 * owner then migrates and validates it and holds it in memory); every write replaces it
 * atomically, readable by the user alone. A file that cannot be read is kept as a backup, never
 * replaced silently.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, renameSync } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type Conf from 'conf'
import { z } from 'zod'

/** The class that owns a file on disk: conf's constructor shape (electron-store's adapter maps `configName` to its `name`). */
export type JsonFileClass = new (options: JsonFileOptions) => Conf<Record<string, unknown>>

export interface JsonFileOptions {
  readonly cwd: string
  readonly configName: string
  readonly clearInvalidConfig: false
  readonly accessPropertiesByDotNotation: false
  readonly configFileMode: number
  readonly serialize: (value: Record<string, unknown>) => string
  readonly deserialize: (text: string) => Record<string, unknown>
}

/** A file that could not be read: where it was, why, and where it is kept now. */
export interface Unreadable {
  readonly path: string
  readonly reason: string
  readonly backup: string
}

export interface Loaded<T> {
  readonly value: T
  /** Set when the file existed but could not be read; its owner tells the user. */
  readonly unreadable: Unreadable | null
}

/** Where a file that could not be read is kept: beside it, stamped with the time. */
export function backupPath(dir: string, base: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  return join(dir, `${base}.corrupt-${stamp}.json`)
}

/** Why a file could not be read, in words. */
function unreadableReason(error: unknown): string {
  if (error instanceof SyntaxError) return 'it is not valid JSON'
  if (error instanceof z.ZodError) return 'its contents do not match what Keyward expects'
  return error instanceof Error ? error.message : String(error)
}

// conf's `store` setter re-reads the file to carry over its own `__internal__` key unless the value
// already has one; handing it one (and leaving it out when serializing) keeps a write a write.
const INTERNAL = '__internal__'

/** One JSON file, `<dir>/<base>.json`, owned by conf or electron-store. */
export class JsonFile<T> {
  private readonly conf: Conf<Record<string, unknown>>
  private readonly path: string
  private readonly toText: (value: Record<string, unknown>) => string
  readonly loaded: Loaded<T>

  /**
   * Opens the file and hands its parsed JSON to `parse` (migrate and validate). A missing file gives
   * `fallback()`; one that fails is renamed to a backup and reported.
   */
  constructor(
    FileClass: JsonFileClass,
    dir: string,
    base: string,
    parse: (raw: unknown) => T,
    fallback: () => T,
    now: Date,
    /** The file's text for a value (default: JSON indented with tabs, for files people may read). */
    toText: (value: Record<string, unknown>) => string = (value) => `${JSON.stringify(value, null, '\t')}\n`,
  ) {
    const path = join(dir, `${base}.json`)
    this.path = path
    this.toText = toText
    let parsed: { raw: unknown } | null = null
    const options: JsonFileOptions = {
      cwd: dir,
      configName: base,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      configFileMode: 0o600,
      // The constructor's one read of the file comes through here: its result is kept, not re-read.
      deserialize: (text) => {
        const raw = JSON.parse(text) as Record<string, unknown>
        parsed = { raw }
        return raw
      },
      serialize: (value) => {
        const { [INTERNAL]: _internal, ...rest } = value
        return toText(rest)
      },
    }
    let unreadable: Unreadable | null = null
    let value: T | undefined
    try {
      this.conf = new FileClass(options)
      const read = parsed as { raw: unknown } | null
      value = read ? parse(read.raw) : fallback()
    } catch (error) {
      const reason = unreadableReason(error)
      const backup = backupPath(dir, base, now)
      if (existsSync(path)) renameSync(path, backup)
      unreadable = { path, reason, backup }
      this.conf = new FileClass(options)
      value = fallback()
    }
    this.loaded = { value, unreadable }
  }

  /** Replaces the file atomically with `value` as JSON. */
  write(value: unknown): void {
    this.conf.store = { ...(value as Record<string, unknown>), [INTERNAL]: {} }
  }

  /**
   * The same replacement without holding the event loop for the disk: the text is written to a
   * temporary file beside the file, synced, then renamed over it (conf writes synchronously, which
   * for a file of tens of MB held the app for hundreds of ms). The caller keeps writes in order.
   */
  async writeInBackground(value: Record<string, unknown>): Promise<void> {
    const text = this.toText(value)
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`
    try {
      const handle = await open(temporary, 'w', 0o600)
      try {
        await handle.writeFile(text)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temporary, this.path)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
  }
}
