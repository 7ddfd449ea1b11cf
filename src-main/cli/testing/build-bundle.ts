/**
 * Vitest global set-up: the CLI tests run bin/keyward.cjs, which runs the bundle when it is fresh
 * and the TypeScript source otherwise. Building it once here makes the tests run what users run.
 */
import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'

export default function setup(): void {
  const root = resolve(import.meta.dirname, '../../..')
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'inherit' })
}
