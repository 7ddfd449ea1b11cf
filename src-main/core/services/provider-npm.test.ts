/**
 * npm through the services against a real registry (Verdaccio started for real) and the real
 * keychain: list, create with the account password (and a one-time password when the registry
 * asks), rotate by create → store → verify → revoke, now or when the grace Keyward keeps ends —
 * also after a restart — and revoke. Secrets, the password and the one-time password stay out of
 * every file and log line.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import keytar from 'keytar'
import { describe, expect, test } from 'vitest'
import type { ProfileView } from '../../shared/models'
import { npmProvider } from '../providers/npm'
import { createHarness, type Harness } from '../testing/harness'
import { sendJson, startFixture } from '../testing/http-fixture'
import { usePeers } from '../testing/peers'
import { useHarnesses } from '../testing/sandboxed'

const peers = usePeers(['npm'])
const { track } = useHarnesses()
const PASSWORD = 'npm-account-password-42'
let users = 0

async function onDisk(dir: string): Promise<string> {
  const names = await readdir(dir)
  return (await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => readFile(join(dir, n), 'utf8')))).join('\n')
}

/** A harness with an npm profile for a fresh Verdaccio user. */
async function npmProfile(extra: Parameters<typeof createHarness>[0] = {}): Promise<{ h: Harness; profile: ProfileView; login: string; seen: string[] }> {
  const h = track(await createHarness({ builtInSandbox: false, client: { maxRetries: 0 }, ...extra }))
  const login = await peers.npm.addUser(`user${++users}`, PASSWORD)
  const profile = await h.ok('profiles:add', { name: 'Registry', environment: 'dev', provider: 'npm', baseUrl: peers.npm.url, credential: login })
  return { h, profile, login, seen: [PASSWORD, login] }
}

/** The registry's own list, read with the user's login token. */
const registryList = (login: string) => npmProvider.connect({ baseUrl: peers.npm.url, credential: login }).list()

async function expectNothingLeaked(h: Harness, seen: readonly string[]): Promise<void> {
  const disk = await onDisk(h.dir)
  const logs = h.logs.join('\n')
  for (const s of seen) {
    expect(disk).not.toContain(s)
    expect(logs).not.toContain(s)
  }
}

describe('npm profiles through the services (Verdaccio)', () => {
  test('create asks for the password, then the token is listed, its secret in the keychain only', async () => {
    const { h, profile, seen } = await npmProfile()
    expect(await h.call('tokens:create', { profileId: profile.id, name: 'ci', scopes: ['publish'], expiresAt: null })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', details: [{ field: 'password', message: 'required' }] },
    })
    expect(await h.call('tokens:create', { profileId: profile.id, name: 'ci', scopes: ['publish'], expiresAt: null, password: 'not-the-password' })).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_REJECTED' },
    })
    const created = await h.ok('tokens:create', { profileId: profile.id, name: 'ci', scopes: ['read-only'], expiresAt: null, password: PASSWORD })
    seen.push(created.secret, 'not-the-password')
    expect(created).toMatchObject({ stored: true, token: { scopes: ['read-only'], status: 'active', health: { stored: true } } })
    expect(await keytar.getPassword(h.service, `${profile.id}/${created.token.id}`)).toBe(created.secret)

    const list = await h.ok('tokens:list', { profileId: profile.id })
    const row = list.tokens.find((t) => t.id === created.token.id)
    // Verdaccio tells no expiry and npm no last use: both empty, never invented.
    expect(row).toMatchObject({ status: 'active', expiresAt: null, lastUsed: null, scopes: ['read-only'], health: { stored: true, expiryTone: 'none' } })
    expect(list.stale).toBe(false)
    await expectNothingLeaked(h, seen)
  })

  test('rotate without grace: create → store → verify → the old token is revoked at the registry now', async () => {
    const { h, profile, login, seen } = await npmProfile()
    const old = await h.ok('tokens:create', { profileId: profile.id, name: 'deploy', scopes: ['publish'], expiresAt: null, password: PASSWORD })
    seen.push(old.secret)
    expect(await h.call('tokens:rotate', { profileId: profile.id, tokenId: old.token.id, gracePeriodSeconds: 0 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', details: [{ field: 'password', message: 'required' }] },
    })
    const rotated = await h.ok('tokens:rotate', { profileId: profile.id, tokenId: old.token.id, gracePeriodSeconds: 0, password: PASSWORD })
    seen.push(rotated.secret)
    expect(rotated.oldToken.status).toBe('revoked')
    expect(rotated.warning).toContain('npm has no rotate endpoint')
    expect(await keytar.getPassword(h.service, `${profile.id}/${rotated.token.id}`)).toBe(rotated.secret)
    expect(await keytar.getPassword(h.service, `${profile.id}/${old.token.id}`)).toBeNull()
    const ids = (await registryList(login)).map((t) => t.id)
    expect(ids).toContain(rotated.token.id)
    expect(ids).not.toContain(old.token.id)
    // The new token works: the registry says who it is.
    expect((await npmProvider.connect({ baseUrl: peers.npm.url, credential: rotated.secret }).identify()).account.name).toBe(profile.account?.name)
    expect((await h.ok('app:info')).interruptedRotations).toEqual([])
    await expectNothingLeaked(h, seen)
  })

  test('rotate with a grace Keyward keeps: the old token is "being replaced", then revoked when the grace ends', async () => {
    const { h, profile, login, seen } = await npmProfile()
    const old = await h.ok('tokens:create', { profileId: profile.id, name: 'bot', scopes: ['publish'], expiresAt: null, password: PASSWORD })
    const rotated = await h.ok('tokens:rotate', { profileId: profile.id, tokenId: old.token.id, gracePeriodSeconds: 2, password: PASSWORD })
    seen.push(old.secret, rotated.secret)
    expect(rotated.oldToken).toMatchObject({ status: 'active', successorId: rotated.token.id, health: { beingReplaced: true } })
    const listed = (await h.ok('tokens:list', { profileId: profile.id })).tokens.find((t) => t.id === old.token.id)
    expect(listed).toMatchObject({ status: 'active', successorId: rotated.token.id, health: { beingReplaced: true, needsAttention: false } })
    expect((await registryList(login)).map((t) => t.id)).toContain(old.token.id)
    // The grace ends while the app runs: Keyward revokes the old token itself.
    await expect.poll(async () => (await registryList(login)).map((t) => t.id), { timeout: 10_000, interval: 250 }).not.toContain(old.token.id)
    expect(await keytar.getPassword(h.service, `${profile.id}/${old.token.id}`)).toBeNull()
    expect((await h.ok('tokens:list', { profileId: profile.id })).tokens.map((t) => t.id)).not.toContain(old.token.id)
    await expectNothingLeaked(h, seen)
  })

  test('a grace that ends while Keyward is closed is carried out at the next start', async () => {
    const { h, profile, login, seen } = await npmProfile()
    const old = await h.ok('tokens:create', { profileId: profile.id, name: 'nightly', scopes: ['publish'], expiresAt: null, password: PASSWORD })
    const rotated = await h.ok('tokens:rotate', { profileId: profile.id, tokenId: old.token.id, gracePeriodSeconds: 86_400, password: PASSWORD })
    seen.push(old.secret, rotated.secret)
    await h.core.shutdown()
    expect((await registryList(login)).map((t) => t.id)).toContain(old.token.id)
    const journal = JSON.parse(await readFile(join(h.dir, 'config.json'), 'utf8')) as { journal: Array<{ oldTokenId: string; revokeOldAt: string }> }
    expect(journal.journal).toMatchObject([{ oldTokenId: old.token.id, revokeOldAt: expect.any(String) }])
    // A day and a minute later, the app starts again.
    const later = Date.now() + 86_460_000
    await h.restart({ now: () => new Date(later) })
    expect((await h.ok('app:info')).interruptedRotations).toEqual([])
    expect((await registryList(login)).map((t) => t.id)).not.toContain(old.token.id)
    expect((await registryList(login)).map((t) => t.id)).toContain(rotated.token.id)
    expect(await keytar.getPassword(h.service, `${profile.id}/${old.token.id}`)).toBeNull()
    expect(JSON.parse(await readFile(join(h.dir, 'config.json'), 'utf8'))).toMatchObject({ journal: [] })
    await expectNothingLeaked(h, seen)
  })

  test('revoke: gone at the registry and from the keychain', async () => {
    const { h, profile, login, seen } = await npmProfile()
    const made = await h.ok('tokens:create', { profileId: profile.id, name: 'tmp', scopes: ['publish'], expiresAt: null, password: PASSWORD })
    seen.push(made.secret)
    const revoked = await h.ok('tokens:revoke', { profileId: profile.id, tokenId: made.token.id })
    expect(revoked).toMatchObject({ id: made.token.id, status: 'revoked' })
    expect((await registryList(login)).map((t) => t.id)).not.toContain(made.token.id)
    expect(await keytar.getPassword(h.service, `${profile.id}/${made.token.id}`)).toBeNull()
    await expectNothingLeaked(h, seen)
  })
})

describe('npm one-time passwords through the services', () => {
  test('401 www-authenticate: OTP → OTP_REQUIRED; the same create with the code goes through; neither is kept', async () => {
    const TOKEN = 'npm_' + 'T'.repeat(36)
    const NEW = 'npm_' + 'N'.repeat(36)
    const OTP = '654321'
    const fx = await startFixture((req, res) => {
      if (req.url === '/-/whoami') return sendJson(res, 200, { username: 'otto' })
      if (req.method === 'GET' && req.url.startsWith('/-/npm/v1/tokens')) return sendJson(res, 200, { objects: [], urls: {} })
      if (req.method === 'POST' && req.headers['npm-otp'] !== OTP) return sendJson(res, 401, { error: 'OTP required for authentication' }, { 'www-authenticate': 'OTP' })
      return sendJson(res, 201, { token: NEW, key: 'k2', readonly: false, created: new Date().toISOString(), name: 'with otp' })
    })
    const h = track(await createHarness({ builtInSandbox: false, client: { maxRetries: 0 } }))
    try {
      const profile = await h.ok('profiles:add', { name: 'npmjs', environment: 'prod', provider: 'npm', baseUrl: fx.url, credential: TOKEN })
      const first = await h.call('tokens:create', { profileId: profile.id, name: 'with otp', scopes: ['publish'], expiresAt: null, password: PASSWORD })
      expect(first).toEqual({ ok: false, error: { code: 'OTP_REQUIRED', message: 'The npm registry asks for a one-time password for this. Enter the code from your authenticator app.' } })
      const created = await h.ok('tokens:create', { profileId: profile.id, name: 'with otp', scopes: ['publish'], expiresAt: null, password: PASSWORD, otp: OTP })
      expect(created).toMatchObject({ secret: NEW, stored: true, token: { id: 'k2', name: 'with otp' } })
      expect(fx.requests.filter((r) => r.method === 'POST').map((r) => r.headers['npm-otp'])).toEqual([undefined, OTP])
      await expectNothingLeaked(h, [PASSWORD, OTP, TOKEN, NEW])
    } finally {
      await fx.close()
    }
  })
})
