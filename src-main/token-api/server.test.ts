import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkSecret, formatSecret, generateSecret } from '../shared/token-format'
import { DEFAULT_SCOPES } from './scopes'
import { call, startTestServer, type TestServer } from './test-helpers'

const DAY = 24 * 60 * 60 * 1000
const ALL_SCOPES = DEFAULT_SCOPES.map((s) => s.name)

let server: TestServer
let url: string
let devAdmin: string
let prodAdmin: string
let devOrg: string
let stagingOrg: string

beforeAll(async () => {
  server = await startTestServer()
  url = server.api.url
  const [dev, staging, prod] = server.api.organizations
  devOrg = dev!.id
  stagingOrg = staging!.id
  devAdmin = dev!.admin_key!
  prodAdmin = prod!.admin_key!
})
afterAll(() => server.dispose())

async function createKey(key: string, body: Record<string, unknown>) {
  const res = await call(url, 'POST', '/v1/api-keys', { key, body })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return res.json.data as { id: string; secret: string; [k: string]: unknown }
}

function expectError(res: { status: number; json: { success: boolean; error: { code: string } } }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.json)).toBe(status)
  expect(res.json.success).toBe(false)
  expect(res.json.error.code).toBe(code)
  expect(typeof (res.json.error as { message?: unknown }).message).toBe('string')
}

describe('startup and seeding', () => {
  it('creates dev, staging and prod organizations with admin keys holding every scope', async () => {
    expect(server.api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.api.organizations.map((o) => [o.environment, o.status])).toEqual([
      ['dev', 'active'],
      ['staging', 'active'],
      ['prod', 'active'],
    ])
    for (const org of server.api.organizations) {
      expect(org.id).toMatch(/^org_[0-9A-Za-z]+$/)
      const expectedPrefix = org.environment === 'prod' ? 'sk_live_' : 'sk_test_'
      expect(checkSecret(org.admin_key!)).toMatchObject({ ok: true, prefix: expectedPrefix })
      const me = await call(url, 'GET', '/v1/me', { key: org.admin_key! })
      expect(me.status).toBe(200)
      expect(me.json.data.key.scopes).toEqual(ALL_SCOPES)
      expect(me.json.data.organization).toEqual({ id: org.id, name: org.name, environment: org.environment, status: 'active' })
    }
  })

  it('seeds sample keys in every state the app warns about', async () => {
    const now = Date.now()
    const res = await call(url, 'GET', '/v1/api-keys?limit=1000', { key: prodAdmin })
    const keys = res.json.data as Array<Record<string, string | null | string[]>>
    const days = (iso: string | null) => (iso === null ? null : (Date.parse(iso) - now) / DAY)
    expect(keys.every((k) => k.prefix === 'sk_live_')).toBe(true)
    expect(keys.some((k) => k.status === 'revoked' && k.revoked_at !== null)).toBe(true)
    expect(keys.some((k) => k.status === 'expired' && days(k.expires_at as string)! < 0)).toBe(true)
    expect(keys.some((k) => k.status === 'active' && days(k.expires_at as string)! > 0 && days(k.expires_at as string)! <= 7)).toBe(true)
    expect(keys.some((k) => k.name !== 'Admin' && k.last_used === null && k.status === 'active')).toBe(true)
    expect(keys.some((k) => Math.round(-days(k.last_used as string)!) === 120)).toBe(true)
    expect(keys.some((k) => Math.round(-days(k.created_at as string)!) === 100)).toBe(true)
    expect(keys.some((k) => k.status === 'active' && (k.last_used === null || -days(k.last_used as string)! < 1) && -days(k.created_at as string)! < 7)).toBe(true)
  })
})

describe('authentication', () => {
  it('rejects a missing or non-Bearer Authorization header with 401 and WWW-Authenticate', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, { authorization: devAdmin }]) {
      const res = await call(url, 'GET', '/v1/me', { headers })
      expectError(res, 401, 'INVALID_API_KEY')
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
    }
  })

  it('rejects malformed keys, bad checksums and unknown keys with 401', async () => {
    const badChecksum = devAdmin.slice(0, -1) + (devAdmin.endsWith('0') ? '1' : '0')
    const cases: Array<[string, RegExp]> = [
      ['sk_test_short', /long/],
      [devAdmin.replace('sk_test_', 'pk_test_'), /sk_test_/],
      [badChecksum, /checksum/],
      [generateSecret('sk_test_'), /not recognized/],
    ]
    for (const [key, message] of cases) {
      const res = await call(url, 'GET', '/v1/me', { key })
      expectError(res, 401, 'INVALID_API_KEY')
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
      expect(res.json.error.message).toMatch(message)
    }
  })

  it('accepts the Bearer scheme case-insensitively', async () => {
    const res = await call(url, 'GET', '/v1/me', { headers: { authorization: `bearer ${devAdmin}` } })
    expect(res.status).toBe(200)
  })

  it('rejects revoked and expired keys with 401', async () => {
    const [expired, revoked] = await server.api.bulkInsertKeys(devOrg, [
      { name: 'expired', scopes: ['dns:read'], createdAt: new Date(Date.now() - 10 * DAY).toISOString(), expiresAt: new Date(Date.now() - DAY).toISOString() },
      { name: 'revoked', scopes: ['dns:read'], revokedAt: new Date(Date.now() - DAY).toISOString() },
    ])
    const a = await call(url, 'GET', '/v1/me', { key: expired!.secret })
    expectError(a, 401, 'INVALID_API_KEY')
    expect(a.json.error.message).toMatch(/expired/)
    const b = await call(url, 'GET', '/v1/me', { key: revoked!.secret })
    expectError(b, 401, 'INVALID_API_KEY')
    expect(b.json.error.message).toMatch(/revoked/)
  })

  it('returns 403 ORGANIZATION_SUSPENDED while the organization is suspended, and serves it again after resume', async () => {
    const staging = server.api.organizations[1]!
    const op = server.api.operatorToken
    const suspended = await call(url, 'POST', `/v1/operator/organizations/${stagingOrg}/suspend`, { key: op })
    expect(suspended.status).toBe(200)
    expect(suspended.json.data).toMatchObject({ id: stagingOrg, status: 'suspended' })
    expectError(await call(url, 'GET', '/v1/me', { key: staging.admin_key! }), 403, 'ORGANIZATION_SUSPENDED')
    // Other organizations are unaffected.
    expect((await call(url, 'GET', '/v1/me', { key: devAdmin })).status).toBe(200)
    const resumed = await call(url, 'POST', `/v1/operator/organizations/${stagingOrg}/resume`, { key: op })
    expect(resumed.json.data).toMatchObject({ id: stagingOrg, status: 'active' })
    const me = await call(url, 'GET', '/v1/me', { key: staging.admin_key! })
    expect(me.status).toBe(200)
    expect(me.json.data.organization.status).toBe('active')
  })

  it('guards operator routes with the operator token only', async () => {
    expectError(await call(url, 'POST', `/v1/operator/organizations/${devOrg}/suspend`, { key: devAdmin }), 401, 'INVALID_API_KEY')
    expectError(await call(url, 'POST', `/v1/operator/organizations/${devOrg}/suspend`), 401, 'INVALID_API_KEY')
    expectError(await call(url, 'POST', '/v1/operator/organizations/org_nope/suspend', { key: server.api.operatorToken }), 404, 'NOT_FOUND')
    expect((await call(url, 'GET', '/v1/me', { key: devAdmin })).json.data.organization.status).toBe('active')
  })

  it('enforces allowed_ips against the client address', async () => {
    const outside = await createKey(devAdmin, { name: 'office only', scopes: ['dns:read'], allowed_ips: ['10.0.0.0/8', '2001:db8::/32'] })
    expect(outside.allowed_ips).toEqual(['10.0.0.0/8', '2001:db8::/32'])
    expectError(await call(url, 'GET', '/v1/me', { key: outside.secret }), 403, 'IP_NOT_ALLOWED')
    const inside = await createKey(devAdmin, { name: 'loopback', scopes: ['dns:read'], allowed_ips: ['127.0.0.1'] })
    expect(inside.allowed_ips).toEqual(['127.0.0.1/32'])
    expect((await call(url, 'GET', '/v1/me', { key: inside.secret })).status).toBe(200)
  })

  it('a refused address does not count as use: last_used stays as it was', async () => {
    const outside = await createKey(devAdmin, { name: 'office only 2', scopes: ['dns:read'], allowed_ips: ['10.0.0.0/8'] })
    for (let i = 0; i < 3; i++) expectError(await call(url, 'GET', '/v1/me', { key: outside.secret }), 403, 'IP_NOT_ALLOWED')
    const seen = await call(url, 'GET', `/v1/api-keys/${outside.id}`, { key: devAdmin })
    expect(seen.json.data.last_used).toBeNull()
  })

  it('returns 403 INSUFFICIENT_SCOPE with required_scope when the key lacks the route scope', async () => {
    const reader = await createKey(devAdmin, { name: 'dns reader', scopes: ['dns:read'] })
    const list = await call(url, 'GET', '/v1/api-keys', { key: reader.secret })
    expectError(list, 403, 'INSUFFICIENT_SCOPE')
    expect(list.json.error.required_scope).toBe('api_keys:read')
    const one = await call(url, 'GET', `/v1/api-keys/${reader.id}`, { key: reader.secret })
    expect(one.json.error.required_scope).toBe('api_keys:read')
    for (const [method, path] of [
      ['POST', '/v1/api-keys'],
      ['DELETE', `/v1/api-keys/${reader.id}`],
      ['POST', `/v1/api-keys/${reader.id}/rotate`],
    ] as const) {
      const res = await call(url, method, path, { key: reader.secret, body: { name: 'x', scopes: ['dns:read'] } })
      expectError(res, 403, 'INSUFFICIENT_SCOPE')
      expect(res.json.error.required_scope).toBe('api_keys:write')
    }
    // Any valid key may read itself and the catalog.
    expect((await call(url, 'GET', '/v1/me', { key: reader.secret })).status).toBe(200)
    expect((await call(url, 'GET', '/v1/scopes', { key: reader.secret })).status).toBe(200)
  })
})

describe('reading', () => {
  it('GET /v1/scopes returns the catalog with descriptions', async () => {
    const res = await call(url, 'GET', '/v1/scopes', { key: devAdmin })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ success: true, data: DEFAULT_SCOPES })
    expect(res.json.data.every((s: { description: string }) => s.description.length > 0)).toBe(true)
  })

  it('updates last_used on every authenticated request with that key', async () => {
    const created = await createKey(devAdmin, { name: 'usage', scopes: ['dns:read'] })
    expect(created.last_used).toBeNull()
    const before = Date.now()
    const first = await call(url, 'GET', '/v1/me', { key: created.secret })
    const firstUse = Date.parse(first.json.data.key.last_used)
    expect(firstUse).toBeGreaterThanOrEqual(before - 5)
    await new Promise((r) => setTimeout(r, 15))
    await call(url, 'GET', '/v1/scopes', { key: created.secret })
    const seen = await call(url, 'GET', `/v1/api-keys/${created.id}`, { key: devAdmin })
    expect(Date.parse(seen.json.data.last_used)).toBeGreaterThan(firstUse)
  })

  it('never returns a secret outside create and rotate', async () => {
    const created = await createKey(devAdmin, { name: 'quiet', scopes: ['dns:read'] })
    const one = await call(url, 'GET', `/v1/api-keys/${created.id}`, { key: devAdmin })
    const list = await call(url, 'GET', '/v1/api-keys?limit=1000', { key: devAdmin })
    const me = await call(url, 'GET', '/v1/me', { key: created.secret })
    for (const body of [one.json, list.json, me.json]) {
      const text = JSON.stringify(body)
      expect(text).not.toContain(created.secret)
      expect(text).not.toContain('"secret"')
    }
    expect(Object.keys(one.json.data).sort()).toEqual(
      ['allowed_ips', 'created_at', 'expires_at', 'hint', 'id', 'last_used', 'name', 'prefix', 'revoked_at', 'scopes', 'status', 'successor_id'].sort(),
    )
  })

  it('GET /v1/me shows the caller exactly as GET /v1/api-keys/{id} does, every field and type', async () => {
    const created = await createKey(devAdmin, { name: 'mirror', scopes: ['dns:read'], allowed_ips: ['127.0.0.1'], expires_at: new Date(Date.now() + DAY).toISOString() })
    const me = await call(url, 'GET', '/v1/me', { key: created.secret })
    const one = await call(url, 'GET', `/v1/api-keys/${created.id}`, { key: devAdmin })
    expect(me.json.data.key).toEqual(one.json.data)
    expect(Object.keys(me.json.data.key)).toEqual(Object.keys(one.json.data))
    expect(me.json.data.organization).toEqual({ id: devOrg, name: 'Sandbox Dev', environment: 'dev', status: 'active' })
  })

  it('hides keys of other organizations behind 404', async () => {
    const prodKey = await createKey(prodAdmin, { name: 'prod only', scopes: ['dns:read'] })
    expectError(await call(url, 'GET', `/v1/api-keys/${prodKey.id}`, { key: devAdmin }), 404, 'NOT_FOUND')
    expectError(await call(url, 'DELETE', `/v1/api-keys/${prodKey.id}`, { key: devAdmin }), 404, 'NOT_FOUND')
    expectError(await call(url, 'POST', `/v1/api-keys/${prodKey.id}/rotate`, { key: devAdmin }), 404, 'NOT_FOUND')
    const list = await call(url, 'GET', '/v1/api-keys?limit=1000', { key: devAdmin })
    expect(list.json.data.some((k: { id: string }) => k.id === prodKey.id)).toBe(false)
    // Still intact for its own organization.
    expect((await call(url, 'GET', `/v1/api-keys/${prodKey.id}`, { key: prodAdmin })).json.data.status).toBe('active')
  })

  it('answers 404 NOT_FOUND for unknown keys and routes', async () => {
    expectError(await call(url, 'GET', '/v1/api-keys/key_doesnotexist', { key: devAdmin }), 404, 'NOT_FOUND')
    expectError(await call(url, 'GET', '/v2/nothing', { key: devAdmin }), 404, 'NOT_FOUND')
  })
})

describe('creating keys', () => {
  it('returns 201 with the key object and its secret, shown once', async () => {
    const before = Date.now()
    const res = await call(url, 'POST', '/v1/api-keys', {
      key: devAdmin,
      body: { name: '  CI deploy  ', scopes: ['dns:read', 'dns:write'], expires_at: new Date(Date.now() + 30 * DAY).toISOString() },
    })
    expect(res.status).toBe(201)
    const key = res.json.data
    expect(key).toMatchObject({ name: 'CI deploy', prefix: 'sk_test_', scopes: ['dns:read', 'dns:write'], status: 'active', last_used: null, revoked_at: null, allowed_ips: [] })
    expect(key.id).toMatch(/^key_[0-9A-Za-z]+$/)
    expect(checkSecret(key.secret)).toMatchObject({ ok: true, prefix: 'sk_test_' })
    expect(key.hint).toBe(key.secret.slice(-4))
    expect(Date.parse(key.created_at)).toBeGreaterThanOrEqual(before - 5)
    const me = await call(url, 'GET', '/v1/me', { key: key.secret })
    expect(me.json.data.key.id).toBe(key.id)
  })

  it('mints sk_live_ keys in the prod organization', async () => {
    const key = await createKey(prodAdmin, { name: 'live', scopes: ['hosting:read'], expires_at: null })
    expect(key.prefix).toBe('sk_live_')
    expect(key.secret).toMatch(/^sk_live_/)
    expect(key.expires_at).toBeNull()
  })

  it('rejects invalid names, scopes, expiries and fields with 422 and field details', async () => {
    const valid = { name: 'ok', scopes: ['dns:read'] }
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, name: '   ' }, 'name'],
      [{ ...valid, name: 'x'.repeat(101) }, 'name'],
      [{ scopes: ['dns:read'] }, 'name'],
      [{ ...valid, name: 42 }, 'name'],
      [{ ...valid, scopes: [] }, 'scopes'],
      [{ name: 'ok' }, 'scopes'],
      [{ ...valid, scopes: ['dns:read', 'dns:read'] }, 'scopes'],
      [{ ...valid, scopes: ['dns:read', 'rockets:launch'] }, 'scopes'],
      [{ ...valid, expires_at: new Date(Date.now() - 60_000).toISOString() }, 'expires_at'],
      [{ ...valid, expires_at: new Date(Date.now() + 367 * DAY).toISOString() }, 'expires_at'],
      [{ ...valid, expires_at: 'next tuesday' }, 'expires_at'],
      [{ ...valid, expires_at: '2027-01-01' }, 'expires_at'],
      [{ ...valid, expires_at: 12345 }, 'expires_at'],
      [{ ...valid, allowed_ips: ['300.1.1.1'] }, 'allowed_ips.0'],
      [{ ...valid, allowed_ips: ['10.0.0.0/33'] }, 'allowed_ips.0'],
      [{ ...valid, admin: true }, 'admin'],
    ]
    for (const [body, field] of cases) {
      const res = await call(url, 'POST', '/v1/api-keys', { key: devAdmin, body })
      expectError(res, 422, 'VALIDATION_FAILED')
      expect(res.json.error.details, JSON.stringify(body)).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]),
      )
    }
    expectError(await call(url, 'POST', '/v1/api-keys', { key: devAdmin }), 422, 'VALIDATION_FAILED')
    expectError(await call(url, 'POST', '/v1/api-keys', { key: devAdmin, body: ['a'] }), 422, 'VALIDATION_FAILED')
  })

  it('accepts an expiry within 366 days', async () => {
    const key = await createKey(devAdmin, { name: 'long', scopes: ['dns:read'], expires_at: new Date(Date.now() + 365 * DAY).toISOString() })
    expect(key.status).toBe('active')
  })

  it('refuses to mint scopes the calling key lacks (403 INSUFFICIENT_SCOPE)', async () => {
    const limited = await createKey(devAdmin, { name: 'limited', scopes: ['api_keys:write', 'api_keys:read', 'dns:read'] })
    const res = await call(url, 'POST', '/v1/api-keys', { key: limited.secret, body: { name: 'more', scopes: ['dns:read', 'dns:write'] } })
    expectError(res, 403, 'INSUFFICIENT_SCOPE')
    expect(res.json.error.required_scope).toBe('dns:write')
    const ok = await call(url, 'POST', '/v1/api-keys', { key: limited.secret, body: { name: 'same', scopes: ['dns:read'] } })
    expect(ok.status).toBe(201)
  })

  it('maps unparsable, oversized and non-JSON bodies to the error envelope', async () => {
    expectError(await call(url, 'POST', '/v1/api-keys', { key: devAdmin, raw: '{"name": "x",' }), 400, 'INVALID_JSON')
    const big = JSON.stringify({ name: 'x', scopes: ['dns:read'], pad: 'y'.repeat(65 * 1024) })
    expectError(await call(url, 'POST', '/v1/api-keys', { key: devAdmin, raw: big }), 413, 'PAYLOAD_TOO_LARGE')
    expectError(
      await call(url, 'POST', '/v1/api-keys', { key: devAdmin, raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    )
  })

  it('answers a request that is not HTTP at all with 400 BAD_REQUEST in the error envelope', async () => {
    const { hostname, port } = new URL(url)
    const socket = connect({ host: hostname, port: Number(port) })
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (text += chunk))
    await new Promise((resolve) => socket.on('close', resolve).write('NOT HTTP AT ALL\r\n\r\n'))
    expect(text).toMatch(/^HTTP\/1\.1 400 /)
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({
      success: false,
      error: { code: 'BAD_REQUEST', message: expect.any(String) },
    })
  })

  it('authenticates before it parses: a bad key gets 401 even with a broken body', async () => {
    expectError(await call(url, 'POST', '/v1/api-keys', { key: generateSecret('sk_test_'), raw: '{nope' }), 401, 'INVALID_API_KEY')
  })
})

describe('revoking keys', () => {
  it('revokes with 200, is idempotent, and the key stops working', async () => {
    const key = await createKey(devAdmin, { name: 'to revoke', scopes: ['dns:read'] })
    const first = await call(url, 'DELETE', `/v1/api-keys/${key.id}`, { key: devAdmin })
    expect(first.status).toBe(200)
    expect(first.json).toEqual({ success: true, message: 'API key revoked successfully' })
    const seen = await call(url, 'GET', `/v1/api-keys/${key.id}`, { key: devAdmin })
    expect(seen.json.data.status).toBe('revoked')
    const revokedAt = seen.json.data.revoked_at
    expect(Date.parse(revokedAt)).toBeGreaterThan(0)
    const again = await call(url, 'DELETE', `/v1/api-keys/${key.id}`, { key: devAdmin, headers: { 'content-type': 'application/json' } })
    expect(again.status).toBe(200)
    expect(again.json).toEqual({ success: true, message: 'API key revoked successfully' })
    expect((await call(url, 'GET', `/v1/api-keys/${key.id}`, { key: devAdmin })).json.data.revoked_at).toBe(revokedAt)
    expectError(await call(url, 'GET', '/v1/me', { key: key.secret }), 401, 'INVALID_API_KEY')
  })
})

describe('rotating keys', () => {
  it('without grace: 201 with a new key of the same name, scopes and allowed_ips; the old one is revoked now', async () => {
    const old = await createKey(devAdmin, { name: 'rotating', scopes: ['dns:read', 'dns:write'], allowed_ips: ['127.0.0.0/8'] })
    const res = await call(url, 'POST', `/v1/api-keys/${old.id}/rotate`, { key: devAdmin })
    expect(res.status).toBe(201)
    const fresh = res.json.data
    expect(fresh).toMatchObject({ name: 'rotating', scopes: ['dns:read', 'dns:write'], allowed_ips: ['127.0.0.0/8'], status: 'active', expires_at: null })
    expect(fresh.id).not.toBe(old.id)
    expect(checkSecret(fresh.secret).ok).toBe(true)
    expect(fresh.secret).not.toBe(old.secret)
    const oldNow = (await call(url, 'GET', `/v1/api-keys/${old.id}`, { key: devAdmin })).json.data
    expect(oldNow.status).toBe('revoked')
    expect(oldNow.revoked_at).not.toBeNull()
    expectError(await call(url, 'GET', '/v1/me', { key: old.secret }), 401, 'INVALID_API_KEY')
    expect((await call(url, 'GET', '/v1/me', { key: fresh.secret })).status).toBe(200)
  })

  it('with a grace period: the old key keeps working until now + grace; expires_at applies to the new key', async () => {
    const old = await createKey(devAdmin, { name: 'graceful', scopes: ['dns:read'] })
    const before = Date.now()
    const newExpiry = new Date(Date.now() + 90 * DAY).toISOString()
    const res = await call(url, 'POST', `/v1/api-keys/${old.id}/rotate`, { key: devAdmin, body: { grace_period_seconds: 3600, expires_at: newExpiry } })
    expect(res.status).toBe(201)
    expect(Date.parse(res.json.data.expires_at)).toBe(Date.parse(newExpiry))
    const oldNow = (await call(url, 'GET', `/v1/api-keys/${old.id}`, { key: devAdmin })).json.data
    expect(oldNow.status).toBe('active')
    expect(oldNow.revoked_at).toBeNull()
    // It says it is ending on purpose: clients show it as being replaced by its successor.
    expect(oldNow.successor_id).toBe(res.json.data.id)
    expect(res.json.data.successor_id).toBeNull()
    const end = Date.parse(oldNow.expires_at)
    expect(end).toBeGreaterThanOrEqual(before + 3600_000)
    expect(end).toBeLessThanOrEqual(Date.now() + 3600_000)
    expect((await call(url, 'GET', '/v1/me', { key: old.secret })).status).toBe(200)
  })

  it('never extends an earlier expiry of the old key', async () => {
    const soon = new Date(Date.now() + 600_000).toISOString()
    const old = await createKey(devAdmin, { name: 'short-lived', scopes: ['dns:read'], expires_at: soon })
    await call(url, 'POST', `/v1/api-keys/${old.id}/rotate`, { key: devAdmin, body: { grace_period_seconds: 86_400 } })
    const oldNow = (await call(url, 'GET', `/v1/api-keys/${old.id}`, { key: devAdmin })).json.data
    expect(Date.parse(oldNow.expires_at)).toBe(Date.parse(soon))
  })

  it('returns 409 KEY_NOT_ACTIVE for revoked and expired keys', async () => {
    const revoked = await createKey(devAdmin, { name: 'gone', scopes: ['dns:read'] })
    await call(url, 'DELETE', `/v1/api-keys/${revoked.id}`, { key: devAdmin })
    expectError(await call(url, 'POST', `/v1/api-keys/${revoked.id}/rotate`, { key: devAdmin }), 409, 'KEY_NOT_ACTIVE')
    const [expired] = await server.api.bulkInsertKeys(devOrg, [
      { name: 'expired', scopes: ['dns:read'], createdAt: new Date(Date.now() - 9 * DAY).toISOString(), expiresAt: new Date(Date.now() - DAY).toISOString() },
    ])
    expectError(await call(url, 'POST', `/v1/api-keys/${expired!.id}/rotate`, { key: devAdmin }), 409, 'KEY_NOT_ACTIVE')
  })

  it('validates the rotate body with 422', async () => {
    const key = await createKey(devAdmin, { name: 'validated', scopes: ['dns:read'] })
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ grace_period_seconds: 604_801 }, 'grace_period_seconds'],
      [{ grace_period_seconds: -1 }, 'grace_period_seconds'],
      [{ grace_period_seconds: 1.5 }, 'grace_period_seconds'],
      [{ grace_period_seconds: '60' }, 'grace_period_seconds'],
      [{ expires_at: new Date(Date.now() - 1000).toISOString() }, 'expires_at'],
      [{ expires_at: new Date(Date.now() + 400 * DAY).toISOString() }, 'expires_at'],
      [{ name: 'renamed' }, 'name'],
    ]
    for (const [body, field] of cases) {
      const res = await call(url, 'POST', `/v1/api-keys/${key.id}/rotate`, { key: devAdmin, body })
      expectError(res, 422, 'VALIDATION_FAILED')
      expect(res.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    }
    // None of the rejected attempts touched the key.
    expect((await call(url, 'GET', `/v1/api-keys/${key.id}`, { key: devAdmin })).json.data).toMatchObject({ status: 'active', expires_at: null })
    expect((await call(url, 'POST', `/v1/api-keys/${key.id}/rotate`, { key: devAdmin, body: { grace_period_seconds: 604_800 } })).status).toBe(201)
  })

  it('refuses to hand out a secret more powerful than the caller (403 INSUFFICIENT_SCOPE)', async () => {
    const target = await createKey(devAdmin, { name: 'powerful', scopes: ['hosting:write'] })
    const rotator = await createKey(devAdmin, { name: 'rotator', scopes: ['api_keys:write'] })
    const res = await call(url, 'POST', `/v1/api-keys/${target.id}/rotate`, { key: rotator.secret })
    expectError(res, 403, 'INSUFFICIENT_SCOPE')
    expect(res.json.error.required_scope).toBe('hosting:write')
    expect((await call(url, 'GET', `/v1/api-keys/${target.id}`, { key: devAdmin })).json.data.status).toBe('active')
  })
})

describe('listing keys', () => {
  let list: TestServer
  let admin: string
  const total = 10_000

  beforeAll(async () => {
    list = await startTestServer()
    const org = list.api.organizations[0]!
    admin = org.admin_key!
    const base = Date.now() - 200 * DAY
    // Many keys share a created_at so ties by id are exercised, and states vary.
    await list.api.bulkInsertKeys(
      org.id,
      Array.from({ length: total }, (_, i) => ({
        name: `bulk ${i}`,
        scopes: ['dns:read'],
        createdAt: new Date(base + Math.floor(i / 7) * 60_000).toISOString(),
        revokedAt: i % 5 === 0 ? new Date(base + DAY).toISOString() : null,
        expiresAt: i % 5 === 1 ? new Date(base + 2 * DAY).toISOString() : null,
      })),
    )
  })
  afterAll(() => list.dispose())

  it('pages through every key newest first, ties by id, with an opaque next_cursor', async () => {
    const seen: Array<{ id: string; created_at: string }> = []
    let cursor: string | null = null
    let pages = 0
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      const res = await call(list.api.url, 'GET', `/v1/api-keys?limit=1000${q}`, { key: admin })
      expect(res.status).toBe(200)
      expect(res.json.success).toBe(true)
      expect(res.json.data.length).toBeLessThanOrEqual(1000)
      // The head names the same next page as the body (RFC 8288), with the same status and limit.
      const next: string | null = res.json.next_cursor
      expect(res.headers.get('link')).toBe(next === null ? null : `</v1/api-keys?status=all&limit=1000&cursor=${next}>; rel="next"`)
      seen.push(...res.json.data)
      cursor = next
      pages++
    } while (cursor !== null)
    const seededCount = 8
    expect(seen.length).toBe(total + seededCount)
    expect(pages).toBe(Math.ceil((total + seededCount) / 1000))
    expect(new Set(seen.map((k) => k.id)).size).toBe(seen.length)
    for (let i = 1; i < seen.length; i++) {
      const a = seen[i - 1]!
      const b = seen[i]!
      const ta = Date.parse(a.created_at)
      const tb = Date.parse(b.created_at)
      expect(ta > tb || (ta === tb && a.id < b.id), `${a.id} before ${b.id}`).toBe(true)
    }
  })

  it('defaults to status all and 100 keys per page', async () => {
    const res = await call(list.api.url, 'GET', '/v1/api-keys', { key: admin })
    expect(res.json.data).toHaveLength(100)
    expect(typeof res.json.next_cursor).toBe('string')
    expect(res.headers.get('link')).toBe(`</v1/api-keys?status=all&limit=100&cursor=${res.json.next_cursor}>; rel="next"`)
    expect(new Set(res.json.data.map((k: { status: string }) => k.status))).toEqual(new Set(['active', 'revoked', 'expired']))
  })

  it('filters by status across pages, also when followed by the Link header alone', async () => {
    for (const status of ['active', 'expired', 'revoked'] as const) {
      let count = 0
      let path: string | null = `/v1/api-keys?status=${status}&limit=1000`
      do {
        const res = await call(list.api.url, 'GET', path, { key: admin })
        expect(res.json.data.every((k: { status: string }) => k.status === status)).toBe(true)
        count += res.json.data.length
        const link = res.headers.get('link')
        path = link === null ? null : (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? 'unparsable')
        expect(path === null ? null : new URL(path, list.api.url).searchParams.get('cursor')).toBe(res.json.next_cursor)
      } while (path !== null)
      // 2,000 bulk keys are revoked and 2,000 expired; the seed adds one of each and 6 active ones.
      expect(count).toBe(status === 'active' ? 6000 + 6 : 2000 + 1)
    }
  })

  it('serves pages of 1,000 out of 10,000 keys, each page full until the last', async () => {
    let cursor: string | null = null
    const sizes: number[] = []
    do {
      const res = await call(list.api.url, 'GET', `/v1/api-keys?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: admin })
      expect(res.status).toBe(200)
      sizes.push(res.json.data.length)
      cursor = res.json.next_cursor
    } while (cursor)
    expect(sizes.slice(0, -1).every((n) => n === 1000)).toBe(true)
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000)
  })

  it('rejects bad limit, status and cursor with 422', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=abc', 'limit'],
      ['status=deleted', 'status'],
      ['cursor=not-a-cursor', 'cursor'],
    ]) {
      const res = await call(list.api.url, 'GET', `/v1/api-keys?${query}`, { key: admin })
      expectError(res, 422, 'VALIDATION_FAILED')
      expect(res.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    }
    expect((await call(list.api.url, 'GET', '/v1/api-keys?limit=1', { key: admin })).json.data).toHaveLength(1)
    expect((await call(list.api.url, 'GET', '/v1/api-keys?limit=1000', { key: admin })).json.data).toHaveLength(1000)
  })
})

describe('rate limiting', () => {
  it('answers 429 RATE_LIMITED with Retry-After in whole seconds once a key exceeds its per-minute budget', async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 3 })
    try {
      const [dev, staging] = limited.api.organizations
      for (let i = 0; i < 3; i++) expect((await call(limited.api.url, 'GET', '/v1/me', { key: dev!.admin_key! })).status).toBe(200)
      const res = await call(limited.api.url, 'GET', '/v1/me', { key: dev!.admin_key! })
      expectError(res, 429, 'RATE_LIMITED')
      const retry = res.headers.get('retry-after')
      expect(retry).toMatch(/^\d+$/)
      expect(Number(retry)).toBeGreaterThanOrEqual(1)
      expect(Number(retry)).toBeLessThanOrEqual(60)
      // The budget is per key: another key is unaffected.
      expect((await call(limited.api.url, 'GET', '/v1/me', { key: staging!.admin_key! })).status).toBe(200)
    } finally {
      await limited.dispose()
    }
  })
})

describe('checksum before lookup', () => {
  it('treats a key with a valid shape but wrong checksum as malformed, not unknown', async () => {
    const random = devAdmin.slice(8, 44)
    const wrong = formatSecret('sk_test_', random).slice(0, 44) + 'zzzzzz'
    const res = await call(url, 'GET', '/v1/me', { key: wrong })
    expectError(res, 401, 'INVALID_API_KEY')
    expect(res.json.error.message).toMatch(/checksum/)
  })
})
