/**
 * Loads a module another engineer owns only if it has landed, so a metric whose code does not exist
 * yet is absent from the run instead of crashing it or being faked. The specifier is computed, not
 * literal, on purpose: the type checker must not require files that are not in the tree yet, so each
 * metric states the small shape it uses instead.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export const ROOT = resolve(import.meta.dirname, '../../..')

/** A metric that cannot run yet, and why. */
export class NotLanded extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'NotLanded'
  }
}

/**
 * Imports `relPath` (from the repository root) and checks it exports `names`. Missing file or export
 * → NotLanded. A file that exists but fails to load is a real failure and is thrown as is.
 */
export async function loadLanded<T>(relPath: string, names: readonly string[]): Promise<T> {
  const file = join(ROOT, relPath)
  if (!existsSync(file)) throw new NotLanded(`${relPath} has not landed`)
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  const missing = names.filter((n) => mod[n] === undefined)
  if (missing.length > 0) throw new NotLanded(`${relPath} does not export ${missing.join(', ')} yet`)
  return mod as T
}

/** NotLanded unless every file exists (for code reached through other modules, e.g. the UI). */
export function requireFiles(relPaths: readonly string[]): void {
  const missing = relPaths.filter((p) => !existsSync(join(ROOT, p)))
  if (missing.length > 0) throw new NotLanded(`${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} not landed`)
}
