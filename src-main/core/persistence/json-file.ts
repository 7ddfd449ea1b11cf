/**
 * Keyward's own layer over its JSON files: each is read once at start (parsed, migrated and
 * validated by its owner), and every write replaces it atomically (a temporary file renamed over
 * it), readable by the user alone. A file that cannot be read is kept as a backup, never replaced
 * silently.
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileSync } from 'atomically'
import { z } from 'zod'

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

/**
 * Reads `<dir>/<base>.json` once and hands the parsed JSON to `parse` (migrate and validate). A file
 * that is missing gives `fallback()`; one that fails is renamed to a backup and reported.
 */
export function readJsonFile<T>(dir: string, base: string, parse: (raw: unknown) => T, fallback: () => T, now: Date): Loaded<T> {
  const path = join(dir, `${base}.json`)
  if (!existsSync(path)) return { value: fallback(), unreadable: null }
  let reason: string
  try {
    return { value: parse(JSON.parse(readFileSync(path, 'utf8')) as unknown), unreadable: null }
  } catch (error) {
    reason = unreadableReason(error)
  }
  const backup = backupPath(dir, base, now)
  renameSync(path, backup)
  return { value: fallback(), unreadable: { path, reason, backup } }
}

/** Replaces `<dir>/<base>.json` atomically with `value` as JSON, mode 0600 (metadata, but nobody else's business). */
export function writeJsonFile(dir: string, base: string, value: unknown): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${base}.json`), `${JSON.stringify(value, null, '\t')}\n`, { mode: 0o600 })
}
