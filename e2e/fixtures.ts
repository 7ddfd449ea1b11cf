import { test as base, expect } from '@playwright/test'
import keytar from 'keytar'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { KeytarVault, VAULT_SERVICE } from '../src-main/core/vault'
import { detectMode, launchApp, type LaunchedApp } from './app'
import { expectNoSecretsLeaked } from './pages/secret-scan'

export { expect }

/** Every secret this app run put in the keychain: its profiles' credentials and tokens. */
async function storedSecrets(app: LaunchedApp): Promise<string[]> {
  let profileIds: string[]
  try {
    const config = JSON.parse(await readFile(join(app.userDataDir, 'config.json'), 'utf8')) as { profiles?: Array<{ id: string }> }
    profileIds = (config.profiles ?? []).map((p) => p.id)
  } catch {
    return []
  }
  // Through a KeytarVault, so these reads queue behind any keychain call the app still has in
  // flight (the app runs unpackaged under test: the development service).
  const vault = new KeytarVault(keytar, VAULT_SERVICE.development)
  const secrets: string[] = []
  for (const account of await vault.accounts()) {
    if (!profileIds.some((id) => account.startsWith(`${id}/`))) continue
    const secret = await vault.get(account)
    if (secret) secrets.push(secret)
  }
  return secrets
}

/**
 * Specs import `test` from here: each test gets a fresh user-data directory and a running app, and
 * afterwards no secret the app stored may appear in its user-data directory or its logs.
 */
export const test = base.extend<{ app: LaunchedApp; seenSecrets: string[] }>({
  /** Secrets a spec saw that the app may not have stored (pasted, refused, shown once): scanned too. */
  // eslint-disable-next-line no-empty-pattern
  seenSecrets: async ({}, use) => {
    await use([])
  },
  app: async ({ seenSecrets }, use) => {
    const app = await launchApp({ keepUserData: true })
    try {
      await use(app)
      // Close first: shutdown flushes state files, which must not carry secrets either, and the
      // keychain is read only once the app has stopped (overlapping libsecret calls in one
      // process can crash it).
      await app.close()
      await expectNoSecretsLeaked(app, [...seenSecrets, ...(await storedSecrets(app))])
    } finally {
      await app.close().catch(() => {})
      await rm(app.userDataDir, { recursive: true, force: true })
    }
  },
})

/**
 * Skips specs that need Electron itself when running in browser mode, saying why. Call it at the
 * top of a test.describe, so no app is launched for a skipped spec.
 */
export function electronOnly(reason: string): void {
  test.skip(detectMode() === 'browser', `needs the Electron binary: ${reason}`)
}
