/** The profiles service against the real Token API server and the real keychain. */
import { describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { type AddressInfo } from 'node:net'
import { createServer as createHttpServer } from 'node:http'
import { request } from 'undici'
import { LockableKeytar } from '../testing/lockable-keytar'
import { useHarnesses } from '../testing/sandboxed'

const { sandboxed } = useHarnesses()

describe('profiles', () => {
  test('Test connection recognises base URL mistakes: a path on it, https to a plain server, a port nothing listens on', async () => {
    const { h, dev } = await sandboxed()
    const credential = (await keytar.getPassword(h.service, `${dev.id}/credential`)) ?? ''
    const port = Number(new URL(dev.baseUrl).port)
    const tested = (baseUrl: string) => h.call('profiles:test', { baseUrl, credential, environment: 'dev' })
    expect(await tested(`${dev.baseUrl}/v1/`)).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: `The base URL ends in a path (/v1), but Keyward adds the API’s paths (/v1/…) itself, so the server was asked for /v1/v1/…. Try ${dev.baseUrl} as the base URL.`,
        details: [{ field: 'baseUrl', message: expect.stringContaining('ends in a path (/v1)') }],
      },
    })
    expect(await tested(`https://127.0.0.1:${port}`)).toMatchObject({
      ok: false,
      error: { code: 'NETWORK', message: `The server at 127.0.0.1:${port} does not speak https. If it is a local server without TLS, use http://127.0.0.1:${port}.` },
    })
    expect(await tested('http://127.0.0.1:1')).toMatchObject({ ok: false, error: { code: 'NETWORK', message: 'Nothing answers at 127.0.0.1 on port 1. Check the port in the base URL.' } })
    // The right URL still works, and a wrong credential is still the credential's fault.
    expect(await tested(dev.baseUrl)).toMatchObject({ ok: true })
  })

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

  test("revoking the profile’s own credential succeeds, then listing says to update it", async () => {
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
