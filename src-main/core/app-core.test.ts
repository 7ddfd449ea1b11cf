/**
 * The service end to end under plain Node: the real Token API server (the in-process sandbox) on
 * loopback and the real keychain (private D-Bus session, .ci/with-keyring.sh).
 */
import { afterEach, describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { createServer, type AddressInfo } from 'node:net'
import { createServer as createHttpServer } from 'node:http'
import { existsSync } from 'node:fs'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { request } from 'undici'
import { startTokenApi } from '../token-api/server'
import type { ProfileView } from '../shared/models'
import { createHarness, type Harness } from './testing/harness'
import { LockableKeytar } from './testing/lockable-keytar'
import type { RunningSandbox, SandboxStarter } from './sandbox'

type Server = Awaited<ReturnType<typeof startTokenApi>>

const harnesses: Harness[] = []
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.dispose()
})

/** A harness whose in-process sandbox is kept at hand (operator token, bulk inserts). */
async function sandboxed(extra: Parameters<typeof createHarness>[0] = {}, keytarImpl?: LockableKeytar) {
  const servers: Server[] = []
  const startSandbox: SandboxStarter = async (o) => {
    const s = await startTokenApi(o)
    servers.push(s)
    return s as RunningSandbox
  }
  const h = await createHarness({ startSandbox, ...extra }, keytarImpl)
  harnesses.push(h)
  const profiles = await h.ok('profiles:list')
  const byEnv = (env: string) => profiles.find((p) => p.environment === env) as ProfileView
  return { h, server: () => servers[servers.length - 1] as Server, startSandbox, dev: byEnv('dev'), staging: byEnv('staging'), prod: byEnv('prod') }
}

describe('first run', () => {
  test('starts the sandbox and creates three profiles with their credentials in the keychain', async () => {
    const { h, dev } = await sandboxed()
    const profiles = await h.ok('profiles:list')
    expect(profiles.map((p) => [p.name, p.environment, p.sandbox, p.credentialStored, p.warnings])).toEqual([
      ['Sandbox dev', 'dev', true, true, []],
      ['Sandbox staging', 'staging', true, true, []],
      ['Sandbox prod', 'prod', true, true, []],
    ])
    expect(await keytar.getPassword(h.service, `${dev.id}/credential`)).toMatch(/^sk_test_/)
    const info = await h.ok('app:info')
    expect(info.sandbox).toEqual({ running: true, url: dev.baseUrl })
    expect(info.keychain).toEqual({ available: true, message: null })
    // The settings file never holds a secret.
    const files = await readdir(h.dir)
    for (const f of files.filter((x) => x.endsWith('.json'))) {
      const text = await import('node:fs/promises').then((fs) => fs.readFile(join(h.dir, f), 'utf8'))
      expect(text).not.toMatch(/sk_(test|live)_[0-9A-Za-z]{42}/)
    }
  })

  test('the sample tokens come with their warnings', async () => {
    const { h, dev } = await sandboxed()
    const list = await h.ok('tokens:list', { profileId: dev.id })
    expect(list.stale).toBe(false)
    const reasons = new Set(list.tokens.flatMap((t) => t.health.reasons))
    for (const r of ['revoked', 'expired', 'expiring', 'rotation-due', 'stale', 'never-used']) expect(reasons).toContain(r)
    expect((await h.ok('profiles:list'))[0]?.attention).toBeGreaterThan(0)
    // The list carries its attention count, the same one the sidebar shows.
    expect(list.attention).toBe(list.tokens.filter((t) => t.health.needsAttention).length)
    expect(list.attention).toBe((await h.ok('profiles:list'))[0]?.attention)
  })

  test('a restart reuses the sandbox and its port; a busy port moves the profiles to a new one', async () => {
    const { h, dev, startSandbox } = await sandboxed()
    await h.core.shutdown()
    await h.restart({ startSandbox })
    let profiles = await h.ok('profiles:list')
    expect(profiles).toHaveLength(3)
    expect(profiles[0]?.baseUrl).toBe(dev.baseUrl)
    await h.core.shutdown()
    // Occupy the old port.
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(Number(new URL(dev.baseUrl).port), '127.0.0.1', r))
    try {
      await h.restart({ startSandbox })
      profiles = await h.ok('profiles:list')
      expect(profiles[0]?.baseUrl).not.toBe(dev.baseUrl)
      expect((await h.ok('tokens:list', { profileId: profiles[0]?.id ?? '' })).stale).toBe(false)
    } finally {
      await new Promise((r) => blocker.close(r))
    }
  })

  test('turning the sandbox off stops it; turning it on again brings it back', async () => {
    const { h, dev } = await sandboxed()
    await h.ok('tokens:list', { profileId: dev.id })
    await h.ok('settings:update', { sandboxEnabled: false })
    expect((await h.ok('app:info')).sandbox.running).toBe(false)
    expect((await h.ok('tokens:list', { profileId: dev.id })).stale).toBe(true)
    await h.ok('settings:update', { sandboxEnabled: true })
    expect((await h.ok('app:info')).sandbox.running).toBe(true)
    expect((await h.ok('tokens:list', { profileId: dev.id })).stale).toBe(false)
  })

  test('sandbox:remove stops it and deletes its profiles, keychain entries and data', async () => {
    const { h, dev } = await sandboxed()
    await h.ok('sandbox:remove')
    expect(await h.ok('profiles:list')).toEqual([])
    expect(await keytar.findCredentials(h.service)).toEqual([])
    expect(existsSync(join(h.dir, 'sandbox'))).toBe(false)
    expect((await h.ok('app:info')).sandbox).toEqual({ running: false, url: null })
    await expect(request(`${dev.baseUrl}/v1/me`)).rejects.toThrow()
    // It stays removed after a restart.
    await h.core.shutdown()
    await h.restart()
    expect(await h.ok('profiles:list')).toEqual([])
  })
})

describe('tokens', () => {
  test('create → stored in the keychain → copy → cleared after the set time', async () => {
    const { h, dev } = await sandboxed()
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString()
    const created = await h.ok('tokens:create', { profileId: dev.id, name: 'CI deploy 2', scopes: ['dns:read'], expiresAt })
    expect(created.stored).toBe(true)
    expect(created.storeError).toBeNull()
    expect(created.token.health.stored).toBe(true)
    expect(await keytar.getPassword(h.service, `${dev.id}/${created.token.id}`)).toBe(created.secret)
    const list = await h.ok('tokens:list', { profileId: dev.id })
    expect(list.tokens.find((t) => t.id === created.token.id)?.health.stored).toBe(true)

    await h.ok('settings:update', { clipboardClearSeconds: 10 })
    const copied = await h.ok('tokens:copy', { profileId: dev.id, tokenId: created.token.id })
    expect(copied.clearsAt).not.toBeNull()
    expect(h.clipboard.text).toBe(created.secret)
    h.timers.advance(9_000)
    await new Promise((r) => setImmediate(r))
    expect(h.clipboard.text).toBe(created.secret)
    h.timers.advance(1_000)
    await new Promise((r) => setImmediate(r))
    expect(h.clipboard.text).toBe('')
    // The log never carries the secret.
    expect(h.logs.join('\n')).not.toContain(created.secret)
  })

  test('the tray sees the attention total and the last five copies, newest first', async () => {
    const { h, dev, prod } = await sandboxed()
    const lists = [await h.ok('tokens:list', { profileId: dev.id }), await h.ok('tokens:list', { profileId: prod.id })]
    const needing = lists.reduce((n, l) => n + l.tokens.filter((t) => t.health.needsAttention).length, 0)
    expect(needing).toBeGreaterThan(0)
    expect(await h.core.attentionTotal()).toBe(needing)

    expect(h.core.recentCopies()).toEqual([])
    const created = []
    for (let i = 0; i < 6; i++) {
      created.push(await h.ok('tokens:create', { profileId: dev.id, name: `tray ${i}`, scopes: ['dns:read'], expiresAt: null }))
    }
    for (const c of created) await h.ok('tokens:copy', { profileId: dev.id, tokenId: c.token.id })
    // Copying one again moves it to the front instead of listing it twice.
    await h.ok('tokens:copy', { profileId: dev.id, tokenId: created[3]!.token.id })
    expect(h.core.recentCopies().map((r) => r.name)).toEqual(['tray 3', 'tray 5', 'tray 4', 'tray 2', 'tray 1'])
  })

  test('secret:copy is cleared on shutdown', async () => {
    const { h } = await sandboxed()
    await h.ok('secret:copy', { secret: 'sk_test_shown_once' })
    expect(h.clipboard.text).toBe('sk_test_shown_once')
    await h.core.shutdown()
    expect(h.clipboard.text).toBe('')
  })

  test('copying a token whose secret is not stored says so', async () => {
    const { h, dev } = await sandboxed()
    const list = await h.ok('tokens:list', { profileId: dev.id })
    const r = await h.call('tokens:copy', { profileId: dev.id, tokenId: list.tokens[0]?.id ?? '' })
    expect(r).toMatchObject({ ok: false, error: { code: 'SECRET_NOT_STORED' } })
  })

  test('a token id that is not a key id ("credential") is refused, so Copy cannot copy the profile credential', async () => {
    const { h, dev } = await sandboxed()
    expect(await h.call('tokens:copy', { profileId: dev.id, tokenId: 'credential' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    expect(h.clipboard.text).toBe('')
    const refused = { ok: false, error: { code: 'INVALID_REQUEST', details: [{ field: 'tokenId' }] } }
    expect(await h.call('tokens:revoke', { profileId: dev.id, tokenId: 'credential' })).toMatchObject(refused)
    expect(await h.call('tokens:rotate', { profileId: dev.id, tokenId: 'credential', gracePeriodSeconds: 0 })).toMatchObject(refused)
    expect(await h.call('reminders:snooze', { profileId: dev.id, tokenId: 'credential', days: 1 })).toMatchObject(refused)
    expect(await keytar.getPassword(h.service, `${dev.id}/credential`)).toMatch(/^sk_test_/)
  })

  test('prod revoke and rotate require the typed name; revoke deletes the stored secret', async () => {
    const { h, prod } = await sandboxed()
    const created = await h.ok('tokens:create', { profileId: prod.id, name: 'Payments', scopes: ['dns:read'], expiresAt: null })
    expect(await h.call('tokens:revoke', { profileId: prod.id, tokenId: created.token.id })).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } })
    expect(await h.call('tokens:rotate', { profileId: prod.id, tokenId: created.token.id, gracePeriodSeconds: 0, confirmName: 'payments' })).toMatchObject({
      ok: false,
      error: { code: 'CONFIRMATION_REQUIRED' },
    })
    const revoked = await h.ok('tokens:revoke', { profileId: prod.id, tokenId: created.token.id, confirmName: 'Payments' })
    expect(revoked.status).toBe('revoked')
    expect(await keytar.getPassword(h.service, `${prod.id}/${created.token.id}`)).toBeNull()
  })

  test('import: a pasted secret (with stray whitespace) is identified and stored under its id', async () => {
    const { h, dev, staging, server } = await sandboxed()
    const [made] = await server().bulkInsertKeys(dev.organization?.id ?? '', [{ name: 'made elsewhere', scopes: ['dns:read'] }])
    const imported = await h.ok('tokens:import', { profileId: dev.id, secret: `  ${made?.secret.slice(0, 20)}\n${made?.secret.slice(20)}\n` })
    expect(imported.id).toBe(made?.id)
    expect(imported.health.stored).toBe(true)
    expect(await keytar.getPassword(h.service, `${dev.id}/${made?.id}`)).toBe(made?.secret)
    const bad = `${made?.secret.slice(0, -1)}${made?.secret.endsWith('A') ? 'B' : 'A'}`
    expect(await h.call('tokens:import', { profileId: dev.id, secret: bad })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('checksum') } })
    expect(await h.call('tokens:import', { profileId: staging.id, secret: made?.secret ?? '' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('belongs to the organization') } })
  })

  test('search finds tokens across profiles from the cached lists', async () => {
    const { h, dev, prod } = await sandboxed()
    await h.ok('tokens:list', { profileId: dev.id })
    await h.ok('tokens:list', { profileId: prod.id })
    const results = await h.ok('tokens:search', { query: 'ci deploy' })
    expect(new Set(results.map((r) => r.profileName))).toEqual(new Set(['Sandbox dev', 'Sandbox prod']))
    expect(results.every((r) => r.name.toLowerCase().includes('ci deploy'))).toBe(true)
  })
})

describe('profiles', () => {
  test('adding verifies with GET /v1/me, records the organization and warns on mismatches', async () => {
    const { h, prod } = await sandboxed()
    const liveKey = (await keytar.getPassword(h.service, `${prod.id}/credential`)) ?? ''
    const added = await h.ok('profiles:add', { name: 'Mislabelled', environment: 'dev', baseUrl: prod.baseUrl, credential: `${liveKey}\n` })
    expect(added.organization?.environment).toBe('prod')
    expect(added.warnings).toEqual([
      `This profile is marked dev, but its credential belongs to the prod organization "${prod.organization?.name}".`,
      'A live key (sk_live_) is used on a dev profile. Use a test key (sk_test_) outside production.',
    ])
    expect(await keytar.getPassword(h.service, `${added.id}/credential`)).toBe(liveKey)
    await h.ok('profiles:remove', { id: added.id })
    expect(await keytar.getPassword(h.service, `${added.id}/credential`)).toBeNull()
  })

  test('update: rename, and a new credential is verified before it replaces the old one', async () => {
    const { h, dev, staging } = await sandboxed()
    const renamed = await h.ok('profiles:update', { id: dev.id, name: 'Dev (renamed)' })
    expect(renamed.name).toBe('Dev (renamed)')
    const stagingKey = (await keytar.getPassword(h.service, `${staging.id}/credential`)) ?? ''
    const moved = await h.ok('profiles:update', { id: dev.id, credential: stagingKey })
    expect(moved.organization?.id).toBe(staging.organization?.id)
    expect(moved.warnings[0]).toContain('marked dev, but its credential belongs to the staging organization')
    const before = await keytar.getPassword(h.service, `${dev.id}/credential`)
    const wrong = 'sk_test_' + 'A'.repeat(36)
    expect(await h.call('profiles:update', { id: dev.id, credential: wrong })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    expect(await keytar.getPassword(h.service, `${dev.id}/credential`)).toBe(before)
    expect((await h.ok('profiles:list')).find((p) => p.id === dev.id)?.name).toBe('Dev (renamed)')
  })

  test('test connection reports the organization and warnings without saving', async () => {
    const { h, prod } = await sandboxed()
    const r = await h.ok('profiles:test', { profileId: prod.id, environment: 'staging', baseUrl: prod.baseUrl })
    expect(r.organization.environment).toBe('prod')
    expect(r.keyName).toBe('Admin')
    expect(r.warnings).toHaveLength(2)
    expect(await h.ok('profiles:list')).toHaveLength(3)
  })

  test('a saved credential is never sent to a new, unsaved server: test and update ask to paste it again', async () => {
    const { h, prod } = await sandboxed()
    const seen: (string | undefined)[] = []
    const other = createHttpServer((req, res) => {
      seen.push(req.headers.authorization)
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end('{"success":false,"error":{"code":"INVALID_API_KEY","message":"no"}}')
    })
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r))
    try {
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
      const refused = { ok: false, error: { code: 'INVALID_REQUEST', message: 'Paste the key again to use it with a different server.', details: [{ field: 'credential' }] } }
      expect(await h.call('profiles:test', { profileId: prod.id, environment: 'prod', baseUrl: otherUrl })).toMatchObject(refused)
      expect(await h.call('profiles:update', { id: prod.id, baseUrl: otherUrl })).toMatchObject(refused)
      expect(seen).toEqual([])
      expect((await h.ok('profiles:list')).find((p) => p.id === prod.id)?.baseUrl).toBe(prod.baseUrl)
      // The same server under another path is still the server the key was saved for.
      expect((await h.ok('profiles:test', { profileId: prod.id, environment: 'prod', baseUrl: `${prod.baseUrl}/` })).keyName).toBe('Admin')
    } finally {
      other.closeAllConnections()
      await new Promise((r) => other.close(r))
    }
  })

  test('plain http to a non-loopback host is refused', async () => {
    const { h } = await sandboxed()
    const r = await h.call('profiles:add', { name: 'x', environment: 'dev', baseUrl: 'http://api.example.com', credential: 'sk_test_x' })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('https://') } })
  })

  test('a revoked credential → 401 with the words to fix it', async () => {
    const { h, dev } = await sandboxed()
    const made = await h.ok('tokens:create', { profileId: dev.id, name: 'profile key', scopes: ['api_keys:read', 'api_keys:write'], expiresAt: null })
    const added = await h.ok('profiles:add', { name: 'Second dev', environment: 'dev', baseUrl: dev.baseUrl, credential: made.secret })
    await h.ok('tokens:revoke', { profileId: dev.id, tokenId: made.token.id })
    expect(await h.call('tokens:list', { profileId: added.id })).toEqual({
      ok: false,
      error: { code: 'INVALID_API_KEY', message: 'The credential of this profile is invalid, expired or revoked — update it in the profile settings.' },
    })
  })

  test('each profile knows which key its credential is, and rotating that key moves it', async () => {
    const { h, dev, staging } = await sandboxed()
    const admin = (await h.ok('tokens:list', { profileId: dev.id })).tokens.find((t) => t.name === 'Admin')
    expect(admin).toBeDefined()
    expect(dev.credentialKeyId).toBe(admin?.id)
    expect(staging.credentialKeyId).not.toBe(admin?.id)
    const rotated = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: admin?.id ?? '', gracePeriodSeconds: 0 })
    const after = (await h.ok('profiles:list')).find((p) => p.id === dev.id)
    expect(after?.credentialKeyId).toBe(rotated.token.id)
    // And the profile works with it.
    expect((await h.ok('tokens:list', { profileId: dev.id })).stale).toBe(false)
  })

  test("revoking the profile's own credential succeeds, then listing says to update it", async () => {
    const { h, dev } = await sandboxed()
    const admin = (await h.ok('tokens:list', { profileId: dev.id })).tokens.find((t) => t.name === 'Admin')
    const revoked = await h.ok('tokens:revoke', { profileId: dev.id, tokenId: admin?.id ?? '' })
    expect(revoked.status).toBe('revoked')
    expect(await h.call('tokens:list', { profileId: dev.id })).toMatchObject({ ok: false, error: { code: 'INVALID_API_KEY', message: expect.stringContaining('update it in the profile settings') } })
  })

  test('a suspended organization → 403 ORGANIZATION_SUSPENDED', async () => {
    const { h, staging, server } = await sandboxed()
    await request(`${staging.baseUrl}/v1/operator/organizations/${staging.organization?.id}/suspend`, { method: 'POST', headers: { authorization: `Bearer ${server().operatorToken}` } }).then((r) => r.body.dump())
    expect(await h.call('tokens:list', { profileId: staging.id })).toMatchObject({ ok: false, error: { code: 'ORGANIZATION_SUSPENDED' } })
  })

  test('a credential without api_keys:write → INSUFFICIENT_SCOPE naming it', async () => {
    const { h, dev } = await sandboxed()
    const made = await h.ok('tokens:create', { profileId: dev.id, name: 'read only', scopes: ['api_keys:read'], expiresAt: null })
    const ro = await h.ok('profiles:add', { name: 'Read only', environment: 'dev', baseUrl: dev.baseUrl, credential: made.secret })
    expect(await h.call('tokens:create', { profileId: ro.id, name: 'x', scopes: ['dns:read'], expiresAt: null })).toMatchObject({
      ok: false,
      error: { code: 'INSUFFICIENT_SCOPE', requiredScope: 'api_keys:write' },
    })
  })
})

test('429 → RATE_LIMITED with retry-after', async () => {
  const { h, startSandbox } = await sandboxed({
    startSandbox: async (o) => (await startTokenApi({ ...o, rateLimitPerMinute: 3 })) as RunningSandbox,
  })
  void startSandbox
  const dev = (await h.ok('profiles:list'))[0] as ProfileView
  let last
  for (let i = 0; i < 5; i++) last = await h.call('tokens:scopes', { profileId: dev.id })
  expect(last).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } })
})

test('API down → the cached list, marked stale with its time and the reason', async () => {
  const { h, dev } = await sandboxed()
  const fresh = await h.ok('tokens:list', { profileId: dev.id })
  await h.core.shutdown()
  await h.restart({ builtInSandbox: false })
  const offline = await h.ok('tokens:list', { profileId: dev.id })
  expect(offline.stale).toBe(true)
  expect(offline.fetchedAt).toBe(fresh.fetchedAt)
  expect(offline.tokens.map((t) => t.id)).toEqual(fresh.tokens.map((t) => t.id))
  expect(offline.staleReason).toContain(`Could not reach ${new URL(dev.baseUrl).host}`)
  // A profile never fetched has no cache: the error itself.
  const other = await h.call('tokens:list', { profileId: (await h.ok('profiles:list'))[2]?.id ?? '' })
  expect(other).toMatchObject({ ok: false, error: { code: 'NETWORK' } })
})

describe('keychain unavailable', () => {
  test('create is refused before the API is asked, so no show-once secret is lost', async () => {
    const lockable = new LockableKeytar()
    const { h, dev } = await sandboxed({}, lockable)
    const before = await h.ok('tokens:list', { profileId: dev.id })
    lockable.writesLocked = true
    const r = await h.call('tokens:create', { profileId: dev.id, name: 'never created', scopes: ['dns:read'], expiresAt: null })
    expect(r).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('did not create the token') } })
    const after = await h.ok('tokens:list', { profileId: dev.id })
    expect(after.tokens.map((t) => t.id)).toEqual(before.tokens.map((t) => t.id))
    expect((await h.ok('app:info')).keychain.available).toBe(false)
  })

  test('a locked keychain is not "no secret stored", and the list falls back to the cache', async () => {
    const lockable = new LockableKeytar()
    const { h, dev } = await sandboxed({}, lockable)
    const created = await h.ok('tokens:create', { profileId: dev.id, name: 'kept', scopes: ['dns:read'], expiresAt: null })
    await h.ok('tokens:list', { profileId: dev.id })
    lockable.locked = true
    expect(await h.call('tokens:copy', { profileId: dev.id, tokenId: created.token.id })).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } })
    const list = await h.ok('tokens:list', { profileId: dev.id })
    expect(list.stale).toBe(true)
    expect(list.staleReason).toContain('keychain')
    lockable.locked = false
    await h.ok('tokens:copy', { profileId: dev.id, tokenId: created.token.id })
    expect(h.clipboard.text).toBe(created.secret)
  })
})

test('a keychain locked at start is not "credential not stored": the profiles and lists say it is locked and what to do', async () => {
  const lockable = new LockableKeytar()
  const { h, dev, startSandbox } = await sandboxed({}, lockable)
  const created = await h.ok('tokens:create', { profileId: dev.id, name: 'kept', scopes: ['dns:read'], expiresAt: null })
  await h.ok('tokens:list', { profileId: dev.id })
  await h.core.shutdown()
  lockable.locked = true
  await h.restart({ startSandbox })
  const profiles = await h.ok('profiles:list')
  expect(profiles).toHaveLength(3)
  for (const p of profiles) {
    expect(p.credentialStored).toBeNull()
    expect(p.keychainProblem).toContain('Keyward cannot read the keychain')
    expect(p.keychainProblem).toContain('Unlock it')
  }
  const list = await h.ok('tokens:list', { profileId: dev.id })
  expect(list.stale).toBe(true)
  expect(list.tokens.map((t) => t.id)).toContain(created.token.id)
  expect(list.keychainProblem).toContain('Keyward cannot read the keychain')
  // Unlocked: the same core sees the credentials and the stored secret again.
  lockable.locked = false
  const after = await h.ok('profiles:list')
  expect(after.map((p) => [p.credentialStored, p.keychainProblem])).toEqual([
    [true, null],
    [true, null],
    [true, null],
  ])
  const fresh = await h.ok('tokens:list', { profileId: dev.id })
  expect(fresh.keychainProblem).toBeNull()
  expect(fresh.tokens.find((t) => t.id === created.token.id)?.health.stored).toBe(true)
})

test('a sandbox that could not start is reported as a sandbox problem, not a settings problem', async () => {
  const h = await createHarness({
    startSandbox: async () => {
      throw new Error('listen EACCES: permission denied 127.0.0.1')
    },
  })
  harnesses.push(h)
  const info = await h.ok('app:info')
  expect(info.sandbox.running).toBe(false)
  expect(info.sandboxProblem).toBe('The built-in sandbox could not start: listen EACCES: permission denied 127.0.0.1')
  expect(info.settingsProblem).toBeNull()
})

describe('reminders', () => {
  test('fire once, as a digest, and not again after a restart', async () => {
    const { h, startSandbox } = await sandboxed()
    await h.core.checkReminders()
    expect(h.notifier.shown).toHaveLength(1)
    expect(h.notifier.shown[0]?.target).toBeNull()
    expect(h.notifier.shown[0]?.title).toMatch(/^\d+ tokens need attention$/)
    await h.core.checkReminders()
    expect(h.notifier.shown).toHaveLength(1)
    await h.core.shutdown()
    await h.restart({ startSandbox })
    await h.core.checkReminders()
    expect(h.notifier.shown).toHaveLength(1)
  })

  test('snooze and per-rule toggles reach the planner', async () => {
    const { h, dev } = await sandboxed()
    await h.ok('settings:update', { reminders: { rules: { expiry: false, rotation: false, stale: false } } })
    expect(await h.ok('reminders:check')).toEqual([])
    const s = await h.ok('settings:get')
    expect(s.reminders.rules).toEqual({ expiry: false, rotation: false, stale: false })
    const list = await h.ok('tokens:list', { profileId: dev.id })
    const { until } = await h.ok('reminders:snooze', { profileId: dev.id, tokenId: list.tokens[0]?.id ?? '', days: 7 })
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(6.9 * 86_400_000)
  })
})

test('a corrupt settings file is reported in app:info and kept as a backup', async () => {
  const h = await createHarness({ builtInSandbox: false })
  harnesses.push(h)
  await h.core.shutdown()
  await writeFile(join(h.dir, 'config.json'), '{ not json')
  await h.restart({ builtInSandbox: false })
  const info = await h.ok('app:info')
  expect(info.settingsProblem).toContain('kept as')
  expect((await readdir(h.dir)).some((f) => f.startsWith('config.corrupt-'))).toBe(true)
})

test('a corrupt settings file is not a first run: the sandbox data is kept, nothing is provisioned, until the user removes it', async () => {
  const { h, startSandbox } = await sandboxed()
  await h.core.shutdown()
  const sandboxDir = join(h.dir, 'sandbox')
  await writeFile(join(sandboxDir, 'keep-me'), 'sandbox data the backup still needs')
  await writeFile(join(h.dir, 'config.json'), '{ not json')
  for (let start = 0; start < 2; start++) {
    // The second start reads the fresh settings file the first one wrote: still not a first run.
    await h.restart({ startSandbox })
    const info = await h.ok('app:info')
    expect(existsSync(join(sandboxDir, 'keep-me'))).toBe(true)
    expect(await h.ok('profiles:list')).toEqual([])
    expect(info.sandbox.running).toBe(false)
    if (start === 0) expect(info.settingsProblem).toContain('kept as')
    expect(info.settingsProblem).toContain('remove the sandbox in Settings')
    await h.core.shutdown()
  }
  await h.restart({ startSandbox })
  await h.ok('sandbox:remove')
  expect(existsSync(sandboxDir)).toBe(false)
  await h.ok('settings:update', { sandboxEnabled: true })
  expect((await h.ok('profiles:list')).map((p) => p.name)).toEqual(['Sandbox dev', 'Sandbox staging', 'Sandbox prod'])
})

test('10,000 tokens listed and classified', async () => {
  const { h, dev, server } = await sandboxed()
  const now = Date.now()
  const day = 86_400_000
  await server().bulkInsertKeys(
    dev.organization?.id ?? '',
    Array.from({ length: 10_000 }, (_, i) => ({
      name: `bulk ${i}`,
      scopes: ['dns:read'],
      createdAt: new Date(now - (i % 200) * day).toISOString(),
      lastUsed: i % 5 === 0 ? null : new Date(now - (i % 120) * day).toISOString(),
      expiresAt: i % 3 === 0 ? null : new Date(now + ((i % 60) + 1) * day).toISOString(),
    })),
  )
  const list = await h.ok('tokens:list', { profileId: dev.id })
  expect(list.tokens.length).toBeGreaterThanOrEqual(10_000)
  expect(list.tokens.filter((t) => t.name.startsWith('bulk ')).length).toBe(10_000)
  expect(list.tokens.filter((t) => t.health.reasons.includes('expiring')).length).toBeGreaterThan(3000)
})
