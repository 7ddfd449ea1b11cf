/**
 * `keyward get` and `keyward ls` as a user runs them: the real command in a child process, over
 * the data directory and keychain entries a real app core wrote (Token API sandbox on loopback,
 * real keychain in a private D-Bus session). After each test, no secret in the data directory,
 * the logs, or any command line of a process the test started.
 */
import { describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { execFileSync } from 'node:child_process'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { KeytarVault, VAULT_SERVICE } from '../core/vault'
import { useAppRuns } from './testing/app-run'
import { KEYWARD_BIN } from './testing/run-keyward'

const { appRun, cleanups } = useAppRuns()

describe('keyward ls', () => {
  test('lists every token of an app run with status, expiry, last use, stored and reference; JSON has stable fields', async () => {
    const { dev, ci, gone, run } = await appRun()
    const json = await run(['ls', '--json'])
    expect(json.code).toBe(0)
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>
    const mine = rows.filter((r) => r.profileId === dev.id && (r.tokenId === ci.token.id || r.tokenId === gone.token.id))
    expect(mine).toHaveLength(2)
    expect(mine.find((r) => r.tokenId === ci.token.id)).toMatchObject({ token: 'Deploy bot', status: 'active', secretStored: true, reference: 'keyward://Sandbox dev/Deploy bot', profile: 'Sandbox dev', environment: 'dev', expiresAt: null, lastUsed: null })
    expect(mine.find((r) => r.tokenId === gone.token.id)).toMatchObject({ token: 'Old key', status: 'revoked', secretStored: false })
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(['environment', 'expiresAt', 'lastUsed', 'listedAt', 'profile', 'profileId', 'reference', 'secretStored', 'status', 'token', 'tokenId'])
    const text = await run(['ls'])
    expect(text.code).toBe(0)
    expect(text.stdout.split('\n')[0]).toMatch(/^PROFILE\s+TOKEN\s+STATUS\s+EXPIRES\s+LAST USED\s+STORED\s+REFERENCE$/)
    expect(text.stdout).toMatch(/Sandbox dev\s+Deploy bot\s+active\s+—\s+—\s+yes\s+keyward:\/\/Sandbox dev\/Deploy bot/)
    // Profiles whose lists the app never fetched are named, not silently empty.
    expect(text.stderr).toContain('the tokens of "Sandbox staging" were never listed')
  })

  test('reads without writing: the app data directory is byte-for-byte and time-for-time unchanged', async () => {
    const { h, run } = await appRun()
    const before = await fingerprint(h.dir)
    await run(['ls'])
    await run(['get', 'keyward://sandbox DEV/deploy bot'], true)
    await run(['get', 'keyward://Sandbox dev/nope'])
    expect(await fingerprint(h.dir)).toEqual(before)
  })
})

async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const path = join(e.parentPath, e.name)
    out[path] = `${(await stat(path)).mtimeMs} ${(await readFile(path)).toString('base64')}`
  }
  return out
}

describe('keyward get', () => {
  test('prints the secret to a pipe; names match case-insensitively; ids work too', async () => {
    const { dev, ci, run } = await appRun()
    const byName = await run(['get', 'keyward://sandbox DEV/DEPLOY bot'], true)
    expect(byName).toMatchObject({ code: 0, stdout: `${ci.secret}\n`, stderr: '' })
    const byId = await run(['get', '-n', `keyward://${dev.id}/${ci.token.id}`], true)
    expect(byId).toMatchObject({ code: 0, stdout: ci.secret })
  })

  test('refuses to print to a terminal unless --reveal', async () => {
    const { h, ci, scan } = await appRun()
    const ref = 'keyward://Sandbox dev/Deploy bot'
    const inTerminal = (extra: string[]) => {
      // `script` gives the command a real pseudo-terminal as stdout.
      const cmd = [process.execPath, KEYWARD_BIN, '--user-data-dir', h.dir, '--keychain-service', h.service, 'get', ref, ...extra].map((a) => `'${a}'`).join(' ')
      try {
        return { code: 0, out: execFileSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' }) }
      } catch (error) {
        const e = error as { status: number; stdout: string }
        return { code: e.status, out: e.stdout }
      }
    }
    const refused = inTerminal([])
    expect(refused.code).toBe(2)
    expect(refused.out).toContain('refusing to print a secret to a terminal')
    expect(refused.out).not.toContain(ci.secret)
    scan.texts['terminal output without --reveal'] = refused.out
    const revealed = inTerminal(['--reveal'])
    expect(revealed.code).toBe(0)
    expect(revealed.out).toContain(ci.secret)
  })

  test('unknown, ambiguous, revoked and not-stored references fail on one line naming them, with their exit codes', async () => {
    const { dev, ci, gone, run, scan } = await appRun({ more: async (h, profileId) => {
      // Two live tokens of one name, as during a rotation's grace period.
      const twins: string[] = []
      for (let i = 0; i < 2; i++) twins.push((await h.ok('tokens:create', { profileId, name: 'Twin', scopes: ['dns:read'], expiresAt: null })).secret)
      return twins
    } })
    const unknown = await run(['get', 'keyward://Sandbox dev/Deploy bo'])
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toMatch(/^keyward: No token "Deploy bo" in "Sandbox dev"\. Tokens: .*Deploy bot \(key_\w+, active\).*\n$/)
    const noProfile = await run(['get', 'keyward://Sandbox/Deploy bot'])
    expect(noProfile.code).toBe(3)
    expect(noProfile.stderr).toContain('No profile "Sandbox". Profiles: Sandbox dev (prf_')
    const revoked = await run(['get', 'keyward://Sandbox dev/Old key'])
    expect(revoked.code).toBe(4)
    expect(revoked.stderr).toBe(`keyward: keyward://Sandbox dev/Old key (Old key, ${gone.token.id}) is revoked.\n`)
    const ambiguous = await run(['get', 'keyward://Sandbox dev/twin'])
    expect(ambiguous.code).toBe(3)
    expect(ambiguous.stderr).toMatch(/^keyward: Token "twin" in "Sandbox dev" is ambiguous: Twin \(key_\w+, active\), Twin \(key_\w+, active\)\. Use the token id\.\n$/)
    await keytar.deletePassword(scan.h.service, `${dev.id}/${ci.token.id}`)
    const notStored = await run(['get', `keyward://Sandbox dev/${ci.token.id}`])
    expect(notStored.code).toBe(4)
    expect(notStored.stderr).toBe(`keyward: The secret of keyward://Sandbox dev/${ci.token.id} (Deploy bot, ${ci.token.id}) is not stored in the keychain. Import it in Keyward, or rotate the token.\n`)
    const malformed = await run(['get', 'keyward:/Sandbox dev'])
    expect(malformed.code).toBe(2)
    for (const r of [unknown, noProfile, revoked, ambiguous, notStored, malformed]) expect(r.stderr.split('\n').length).toBe(2)
  })

  test('with the data directory of an unpackaged app run, finds its secrets under the development keychain service', async () => {
    const vault = new KeytarVault(keytar, VAULT_SERVICE.development)
    const { dev, ci, run } = await appRun({ vault })
    cleanups.push(async () => {
      for (const c of await keytar.findCredentials(VAULT_SERVICE.development)) if (c.account.startsWith(`${dev.id}/`)) await keytar.deletePassword(VAULT_SERVICE.development, c.account)
    })
    const got = await run(['get', 'keyward://Sandbox dev/Deploy bot'], true)
    expect(got).toMatchObject({ code: 0, stdout: `${ci.secret}\n` })
  })
})
