/**
 * The tokens service against the real Token API server (the in-process sandbox) on loopback and the
 * real keychain (private D-Bus session, .ci/with-keyring.sh).
 */
import { describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startTokenApi } from '../../token-api/server'
import type { ProfileView } from '../../shared/models'
import { LockableKeytar } from '../testing/lockable-keytar'
import type { RunningSandbox } from '../sandbox-server'
import { useHarnesses } from '../testing/sandboxed'

const { sandboxed } = useHarnesses()

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
    expect(await h.core.services.profiles.attentionTotal()).toBe(needing)

    expect(h.core.services.tokens.recentCopies()).toEqual([])
    const created = []
    for (let i = 0; i < 6; i++) {
      created.push(await h.ok('tokens:create', { profileId: dev.id, name: `tray ${i}`, scopes: ['dns:read'], expiresAt: null }))
    }
    for (const c of created) await h.ok('tokens:copy', { profileId: dev.id, tokenId: c.token.id })
    // Copying one again moves it to the front instead of listing it twice.
    await h.ok('tokens:copy', { profileId: dev.id, tokenId: created[3]!.token.id })
    expect(h.core.services.tokens.recentCopies().map((r) => r.name)).toEqual(['tray 3', 'tray 5', 'tray 4', 'tray 2', 'tray 1'])
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
    // Not the sandbox's sample token: its secret is stored, so that Copy can be tried.
    const notStored = list.tokens.find((t) => t.status === 'active' && !t.health.stored)
    expect(notStored).toBeDefined()
    const r = await h.call('tokens:copy', { profileId: dev.id, tokenId: notStored?.id ?? '' })
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
    // Words match across the token's name and its profile's name, in any order.
    const named = async (query: string) => (await h.ok('tokens:search', { query })).map((r) => `${r.name} · ${r.profileName}`)
    expect(await named('monitor prod')).toEqual(['Monitoring · Sandbox prod'])
    expect(await named('prod deploy ci')).toEqual(['CI deploy · Sandbox prod'])
  })

  test('search puts the token copied last first, then what can be copied, revoked ones last', async () => {
    const { h, dev } = await sandboxed()
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString()
    const other = await h.ok('tokens:create', { profileId: dev.id, name: 'Deploy other', scopes: ['account:read'], expiresAt })
    await h.ok('tokens:create', { profileId: dev.id, name: 'Deploy mine', scopes: ['account:read'], expiresAt })
    await h.ok('tokens:list', { profileId: dev.id })
    await h.ok('tokens:copy', { profileId: dev.id, tokenId: other.token.id })
    const results = await h.ok('tokens:search', { query: 'deploy' })
    expect(results.map((r) => [r.name, r.stored])).toEqual([
      ['Deploy other', true],
      ['Deploy mine', true],
      ['CI deploy', false],
    ])
    const all = await h.ok('tokens:search', { query: '' })
    expect(all[0]?.name).toBe('Deploy other')
    expect(all.at(-1)?.status).toBe('revoked')
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
  // Within the default lead times (7 days at most): the bulk tokens that expire in 1 to 7 days.
  const expiringBulk = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 3 !== 0 && (i % 60) + 1 <= 7).length
  expect(expiringBulk).toBe(668)
  expect(list.tokens.filter((t) => t.name.startsWith('bulk ') && t.health.reasons.includes('expiring')).length).toBe(expiringBulk)
})

test('a malformed cached list is set aside and reported, never a crash: profiles still list, other lists still serve offline', async () => {
  const { h, dev, staging } = await sandboxed()
  await h.ok('tokens:list', { profileId: dev.id })
  await h.ok('tokens:list', { profileId: staging.id })
  await h.core.shutdown()
  const path = join(h.dir, 'token-cache.json')
  const cache = JSON.parse(await readFile(path, 'utf8')) as Record<string, { tokens: Record<string, unknown>[] }>
  const first = cache[dev.id]?.tokens[0] ?? {}
  delete first.createdAt
  await writeFile(path, JSON.stringify(cache))
  await h.restart({ builtInSandbox: false })
  expect(h.logs.join('\n')).toContain(`cached token list(s) could not be read (profiles ${dev.id})`)
  const profiles = await h.ok('profiles:list')
  expect(profiles.find((p) => p.id === dev.id)?.attention).toBeNull()
  expect(profiles.find((p) => p.id === staging.id)?.attention).not.toBeNull()
  expect(await h.call('tokens:list', { profileId: dev.id })).toMatchObject({ ok: false, error: { code: 'NETWORK' } })
  expect((await h.ok('tokens:list', { profileId: staging.id })).stale).toBe(true)
  const backups = (await readdir(h.dir)).filter((f) => f.startsWith('token-cache.corrupt-'))
  expect(backups).toHaveLength(1)
  expect(Object.keys(JSON.parse(await readFile(join(h.dir, backups[0] ?? ''), 'utf8')) as object)).toEqual([dev.id])
})
