/**
 * A metric whose code has not landed yet is absent from the run, never crashing it or faked: each
 * metric checks the files it measures exist before it starts.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../../..')

/** A metric that cannot run yet, and why. */
export class NotLanded extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'NotLanded'
  }
}

/** NotLanded unless every file exists (for code reached through other modules, e.g. the UI). */
export function requireFiles(relPaths: readonly string[]): void {
  const missing = relPaths.filter((p) => !existsSync(join(ROOT, p)))
  if (missing.length > 0) throw new NotLanded(`${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} not landed`)
}
