/**
 * `keyward get` and `keyward ls` as a user runs them: the real command in a child process, over
 * the data directory and keychain entries a real app core wrote (Token API sandbox on loopback,
 * real keychain in a private D-Bus session). After each test, no secret in the data directory,
 * the logs, or any command line of a process the test started.
 */
import { afterEach, describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { execFileSync } from 'node:child_process'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { startTokenApi } from '../token-api/server'
import type { RunningSandbox } from '../core/sandbox'
import { createHarness, type Harness } from '../core/testing/harness'
import { KeytarVault, VAULT_SERVICE } from '../core/vault'
import { keyward, KEYWARD_BIN, secretLeaks } from './testing/run-keyward'

interface Scan {
  h: Harness
  secrets: string[]
  texts: Record<string, string>
  cmdlines: Map<number, string>
}
const scans: Scan[] = []
const cleanups: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const s of scans.splice(0)) {
    const leaks = await secretLeaks(s.secrets, { dirs: [s.h.dir], texts: { ...s.texts, 'core log': s.h.logs.join('\n') }, cmdlines: s.cmdlines })
    await s.h.dispose()
    expect(leaks, 'secrets outside the keychain and the child').toEqual([])
  }
  for (const c of cleanups.splice(0)) await c()
})

/** An app run with the sandbox, two tokens created and listed, and a scan to fill. */
async function appRun(vault?: KeytarVault, more?: (h: Harness, profileId: string) => Promise<string[]>) {
  const h = await createHarness({ startSandbox: async (o) => (await startTokenApi(o)) as RunningSandbox, ...(vault ? { vault } : {}) })
  const scan: Scan = { h, secrets: [], texts: {}, cmdlines: new Map() }
  scans.push(scan)
  const dev = (await h.ok('profiles:list')).find((p) => p.environment === 'dev')!
  const ci = await h.ok('tokens:create', { profileId: dev.id, name: 'Deploy bot', scopes: ['dns:read'], expiresAt: null })
  const gone = await h.ok('tokens:create', { profileId: dev.id, name: 'Old key', scopes: ['dns:read'], expiresAt: null })
  scan.secrets.push(ci.secret, gone.secret, (await keytar.getPassword(vault ? VAULT_SERVICE.development : h.service, `${dev.id}/credential`))!)
  await h.ok('tokens:revoke', { profileId: dev.id, tokenId: gone.token.id })
  scan.secrets.push(...((await more?.(h, dev.id)) ?? []))
  await h.ok('tokens:list', { profileId: dev.id })
  await h.core.shutdown() // flushes the token cache as quitting the app does
  const args = (...more: string[]) => ['--user-data-dir', h.dir, ...(vault ? [] : ['--keychain-service', h.service]), ...more]
  /** Runs keyward and adds what it showed to the scan (stdout only where it must not hold a secret). */
  const run = async (argv: string[], stdoutMaySecret = false) => {
    const r = await keyward(args(...argv))
    for (const [pid, line] of r.cmdlines) scan.cmdlines.set(pid + scan.cmdlines.size * 1e7, line)
    scan.texts[`stderr of ${argv.join(' ')}`] = r.stderr
    if (!stdoutMaySecret) scan.texts[`stdout of ${argv.join(' ')}`] = r.stdout
    return r
  }
  return { h, dev, ci, gone, run, scan }
}

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
    const { dev, ci, gone, run, scan } = await appRun(undefined, async (h, profileId) => {
      // Two live tokens of one name, as during a rotation's grace period.
      const twins: string[] = []
      for (let i = 0; i < 2; i++) twins.push((await h.ok('tokens:create', { profileId, name: 'Twin', scopes: ['dns:read'], expiresAt: null })).secret)
      return twins
    })
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
    const { dev, ci, run } = await appRun(vault)
    cleanups.push(async () => {
      for (const c of await keytar.findCredentials(VAULT_SERVICE.development)) if (c.account.startsWith(`${dev.id}/`)) await keytar.deletePassword(VAULT_SERVICE.development, c.account)
    })
    const got = await run(['get', 'keyward://Sandbox dev/Deploy bot'], true)
    expect(got).toMatchObject({ code: 0, stdout: `${ci.secret}\n` })
  })
})
