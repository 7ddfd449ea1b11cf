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
 * A matcher per secret. Long ones (tokens, npm passwords of 12+ characters) are found anywhere;
 * a short one — a 6-digit one-time password — only as a whole word, or every timestamp and port
 * would be a false alarm.
 */
function matchers(secrets: readonly string[]): Array<(text: string) => boolean> {
  return secrets
    .filter((s) => s.length >= 6)
    .map((s) => {
      if (s.length >= 12) return (text: string) => text.includes(s)
      const word = new RegExp(`(^|[^0-9A-Za-z])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^0-9A-Za-z])`)
      return (text: string) => word.test(text)
    })
}

/**
 * Fails when any secret a spec saw (tokens, credentials, npm passwords and one-time passwords)
 * appears in the user-data directory or the logs. Reports the file, never the secret itself (test
 * output is a log too).
 */
export async function expectNoSecretsLeaked(app: LaunchedApp, secrets: readonly string[]): Promise<void> {
  const wanted = matchers(secrets)
  if (wanted.length === 0) return
  const leaks: string[] = []
  for (const file of await filesUnder(app.userDataDir)) {
    const text = (await readFile(file)).toString('latin1')
    wanted.forEach((found, i) => {
      if (found(text)) leaks.push(`secret #${i + 1} in ${file.slice(app.userDataDir.length)}`)
    })
  }
  app.logs().forEach((line, n) => {
    wanted.forEach((found, i) => {
      if (found(line)) leaks.push(`secret #${i + 1} in log line ${n + 1}`)
    })
  })
  expect(leaks, 'secrets found outside the keychain').toEqual([])
}
