import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LaunchedApp } from '../app'
import { expect } from '@playwright/test'

/** Every file under a directory, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

/**
 * Fails when any secret a spec saw appears in the user-data directory or the logs.
 * Reports the file, never the secret itself (test output is a log too).
 */
export async function expectNoSecretsLeaked(app: LaunchedApp, secrets: readonly string[]): Promise<void> {
  const wanted = secrets.filter((s) => s.length >= 16)
  if (wanted.length === 0) return
  const leaks: string[] = []
  for (const file of await filesUnder(app.userDataDir)) {
    const text = (await readFile(file)).toString('latin1')
    wanted.forEach((s, i) => {
      if (text.includes(s)) leaks.push(`secret #${i + 1} in ${file.slice(app.userDataDir.length)}`)
    })
  }
  app.logs().forEach((line, n) => {
    wanted.forEach((s, i) => {
      if (line.includes(s)) leaks.push(`secret #${i + 1} in log line ${n + 1}`)
    })
  })
  expect(leaks, 'secrets found outside the keychain').toEqual([])
}
