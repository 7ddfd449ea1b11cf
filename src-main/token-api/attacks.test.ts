/**
 * The attacks of issue 11's adversarial review, replayed over real HTTP against the reference server.
 * Each one worked before its fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateSecret } from '../shared/token-format'
import { call, holdBody, startTestServer, type CallResult, type TestServer } from './test-helpers'

const DAY = 24 * 60 * 60 * 1000

let server: TestServer
let url: string
let devAdmin: string

beforeAll(async () => {
  server = await startTestServer()
  url = server.api.url
  devAdmin = server.api.organizations[0]!.admin_key!
})
afterAll(() => server.dispose())

async function createKey(key: string, body: Record<string, unknown>) {
  const res = await call(url, 'POST', '/v1/api-keys', { key, body })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return res.json.data as { id: string; secret: string; expires_at: string | null; allowed_ips: string[] }
}

function expectError(res: Pick<CallResult, 'status' | 'json'>, status: number, code: string) {
  expect(res.status, JSON.stringify(res.json)).toBe(status)
  expect(res.json.success).toBe(false)
  expect(res.json.error.code).toBe(code)
  expect(res.json.error.message).toEqual(expect.any(String))
}

async function keyNames(admin = devAdmin, base = url): Promise<string[]> {
  const list = await call(base, 'GET', '/v1/api-keys?limit=1000', { key: admin })
  return list.json.data.map((k: { name: string }) => k.name)
}

// Long enough for the server to have read and authenticated the headers of the held request.
const settle = () => new Promise((r) => setTimeout(r, 150))

describe('1. the key is checked again once the body is in', () => {
  it('a key revoked while its create request holds back the body mints nothing (401)', async () => {
    const caller = await createKey(devAdmin, { name: 'slow creator', scopes: ['api_keys:write', 'dns:read'] })
    const held = await holdBody(url, 'POST', '/v1/api-keys', caller.secret, { name: 'minted after revoke', scopes: ['dns:read'] })
    await settle()
    expect((await call(url, 'DELETE', `/v1/api-keys/${caller.id}`, { key: devAdmin })).status).toBe(200)
    expectError(await held.finish(), 401, 'INVALID_API_KEY')
    expect(await keyNames()).not.toContain('minted after revoke')
  })

  it('a key revoked while its rotate request holds back the body rotates nothing (401)', async () => {
    const caller = await createKey(devAdmin, { name: 'slow rotator', scopes: ['api_keys:write', 'dns:read'] })
    const target = await createKey(devAdmin, { name: 'rotate target', scopes: ['dns:read'] })
    const held = await holdBody(url, 'POST', `/v1/api-keys/${target.id}/rotate`, caller.secret, { grace_period_seconds: 60 })
    await settle()
    await call(url, 'DELETE', `/v1/api-keys/${caller.id}`, { key: devAdmin })
    expectError(await held.finish(), 401, 'INVALID_API_KEY')
    expect((await keyNames()).filter((n) => n === 'rotate target')).toHaveLength(1)
    const after = await call(url, 'GET', `/v1/api-keys/${target.id}`, { key: devAdmin })
    expect(after.json.data).toMatchObject({ status: 'active', expires_at: null })
  })

  it('an organization suspended while a create request holds back the body mints nothing (403)', async () => {
    const own = await startTestServer()
    try {
      const staging = own.api.organizations[1]!
      const held = await holdBody(own.api.url, 'POST', '/v1/api-keys', staging.admin_key!, { name: 'minted while suspended', scopes: ['dns:read'] })
      await settle()
      const op = own.api.operatorToken
      expect((await call(own.api.url, 'POST', `/v1/operator/organizations/${staging.id}/suspend`, { key: op })).status).toBe(200)
      expectError(await held.finish(), 403, 'ORGANIZATION_SUSPENDED')
      await call(own.api.url, 'POST', `/v1/operator/organizations/${staging.id}/resume`, { key: op })
      expect(await keyNames(staging.admin_key!, own.api.url)).not.toContain('minted while suspended')
    } finally {
      await own.dispose()
    }
  })

  it('a client that never sends its body is cut off by the request timeout (408), not held open forever', async () => {
    const own = await startTestServer({ timeouts: { requestMs: 500 } })
    try {
      const held = await holdBody(own.api.url, 'POST', '/v1/api-keys', own.api.organizations[0]!.admin_key!, { name: 'never', scopes: ['dns:read'] })
      const started = Date.now()
      const answer = await Promise.race([held.closed(), new Promise<string>((r) => setTimeout(() => r('still open'), 5000))])
      expect(answer).toMatch(/^HTTP\/1\.1 408 /)
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('REQUEST_TIMEOUT')
      expect(Date.now() - started).toBeLessThan(4000)
    } finally {
      await own.dispose()
    }
  })
})

describe('2. a key cannot mint keys with more reach or life than its own', () => {
  let narrow: { id: string; secret: string; expires_at: string | null }
  const tomorrow = () => new Date(Date.now() + DAY)

  beforeAll(async () => {
    narrow = await createKey(devAdmin, {
      name: 'loopback, expires tomorrow',
      scopes: ['api_keys:read', 'api_keys:write', 'dns:read'],
      allowed_ips: ['127.0.0.1/32'],
      expires_at: tomorrow().toISOString(),
    })
  })

  it('refuses "any address" and wider or other ranges from a key limited to 127.0.0.1/32 (403 IP_RANGE_NOT_HELD)', async () => {
    const expires_at = narrow.expires_at
    for (const allowed_ips of [undefined, [], ['0.0.0.0/0'], ['127.0.0.0/8'], ['10.0.0.1'], ['127.0.0.1/32', '10.0.0.1'], ['::1']]) {
      const res = await call(url, 'POST', '/v1/api-keys', { key: narrow.secret, body: { name: 'wider', scopes: ['dns:read'], expires_at, allowed_ips } })
      expectError(res, 403, 'IP_RANGE_NOT_HELD')
      expect(res.json.error.allowed_ips).toEqual(['127.0.0.1/32'])
      expect(res.json.error.message).toContain('127.0.0.1/32')
    }
    expect(await keyNames()).not.toContain('wider')
    const inside = await createKey(narrow.secret, { name: 'inside', scopes: ['dns:read'], expires_at, allowed_ips: ['127.0.0.1'] })
    expect(inside.allowed_ips).toEqual(['127.0.0.1/32'])
  })

  it('refuses no expiry or a later expiry than the caller (403 EXPIRY_BEYOND_CALLER), on create and rotate', async () => {
    for (const expires_at of [undefined, null, new Date(Date.parse(narrow.expires_at!) + 1000).toISOString()]) {
      const res = await call(url, 'POST', '/v1/api-keys', { key: narrow.secret, body: { name: 'longer', scopes: ['dns:read'], allowed_ips: ['127.0.0.1'], expires_at } })
      expectError(res, 403, 'EXPIRY_BEYOND_CALLER')
      expect(res.json.error.expires_at).toBe(narrow.expires_at)
    }
    expect(await keyNames()).not.toContain('longer')
    // Rotating itself without an expiry would give a key that never expires.
    expectError(await call(url, 'POST', `/v1/api-keys/${narrow.id}/rotate`, { key: narrow.secret }), 403, 'EXPIRY_BEYOND_CALLER')
    const self = await call(url, 'GET', `/v1/api-keys/${narrow.id}`, { key: devAdmin })
    expect(self.json.data).toMatchObject({ status: 'active', expires_at: narrow.expires_at })
    const sameLife = await call(url, 'POST', '/v1/api-keys', {
      key: narrow.secret,
      body: { name: 'same life', scopes: ['dns:read'], allowed_ips: ['127.0.0.1'], expires_at: narrow.expires_at },
    })
    expect(sameLife.status).toBe(201)
  })

  it('refuses to rotate a key usable from more addresses than the caller (403 IP_RANGE_NOT_HELD)', async () => {
    const anywhere = await createKey(devAdmin, { name: 'usable anywhere', scopes: ['dns:read'] })
    const res = await call(url, 'POST', `/v1/api-keys/${anywhere.id}/rotate`, { key: narrow.secret, body: { expires_at: narrow.expires_at } })
    expectError(res, 403, 'IP_RANGE_NOT_HELD')
    expect((await call(url, 'GET', `/v1/api-keys/${anywhere.id}`, { key: devAdmin })).json.data).toMatchObject({ status: 'active', expires_at: null })
    const within = await createKey(devAdmin, { name: 'loopback target', scopes: ['dns:read'], allowed_ips: ['127.0.0.1'] })
    const ok = await call(url, 'POST', `/v1/api-keys/${within.id}/rotate`, { key: narrow.secret, body: { expires_at: narrow.expires_at } })
    expect(ok.status, JSON.stringify(ok.json)).toBe(201)
  })
})

describe('3. revoking needs the target key’s power', () => {
  it('a key holding only api_keys:write cannot revoke the Admin key (403 INSUFFICIENT_SCOPE)', async () => {
    const weak = await createKey(devAdmin, { name: 'revoker', scopes: ['api_keys:write'] })
    const admin = await call(url, 'GET', '/v1/me', { key: devAdmin })
    const res = await call(url, 'DELETE', `/v1/api-keys/${admin.json.data.key.id}`, { key: weak.secret })
    expectError(res, 403, 'INSUFFICIENT_SCOPE')
    expect(res.json.error.required_scope).toBe('api_keys:read')
    expect((await call(url, 'GET', '/v1/me', { key: devAdmin })).status).toBe(200)
    // Within its own power it still revokes.
    const peer = await createKey(devAdmin, { name: 'peer', scopes: ['api_keys:write'] })
    expect((await call(url, 'DELETE', `/v1/api-keys/${peer.id}`, { key: weak.secret })).status).toBe(200)
  })
})

describe('4. one successor per key', () => {
  it('a key already rotated (still in its grace period) cannot be rotated again (409 KEY_ALREADY_ROTATED)', async () => {
    const key = await createKey(devAdmin, { name: 'rotated once', scopes: ['dns:read'] })
    const first = await call(url, 'POST', `/v1/api-keys/${key.id}/rotate`, { key: devAdmin, body: { grace_period_seconds: 3600 } })
    expect(first.status).toBe(201)
    const second = await call(url, 'POST', `/v1/api-keys/${key.id}/rotate`, { key: devAdmin, body: { grace_period_seconds: 3600 } })
    expectError(second, 409, 'KEY_ALREADY_ROTATED')
    expect(second.json.error.successor_id).toBe(first.json.data.id)
    // The successor itself rotates as usual.
    expect((await call(url, 'POST', `/v1/api-keys/${first.json.data.id}/rotate`, { key: devAdmin })).status).toBe(201)
  })

  it('of 10 concurrent rotations of one key exactly one succeeds', async () => {
    const key = await createKey(devAdmin, { name: 'raced', scopes: ['dns:read'] })
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(url, 'POST', `/v1/api-keys/${key.id}/rotate`, { key: devAdmin, body: { grace_period_seconds: 3600 } })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(409)])
    for (const r of results.filter((r) => r.status === 409)) expect(r.json.error.code).toBe('KEY_ALREADY_ROTATED')
    const names = await keyNames()
    expect(names.filter((n) => n === 'raced')).toHaveLength(2)
  })

  it('remembers the successor across a restart', async () => {
    const own = await startTestServer()
    const admin = own.api.organizations[0]!.admin_key!
    const created = await call(own.api.url, 'POST', '/v1/api-keys', { key: admin, body: { name: 'restarted', scopes: ['dns:read'] } })
    await call(own.api.url, 'POST', `/v1/api-keys/${created.json.data.id}/rotate`, { key: admin, body: { grace_period_seconds: 3600 } })
    await own.api.close()
    const again = await startTestServer({ dataDir: own.dir })
    try {
      expectError(await call(again.api.url, 'POST', `/v1/api-keys/${created.json.data.id}/rotate`, { key: admin }), 409, 'KEY_ALREADY_ROTATED')
    } finally {
      await again.dispose()
    }
  })
})

describe('8. names that would deceive where they are shown', () => {
  it('rejects control characters, ANSI escapes, bidi controls and invisible-only names with 422 on name', async () => {
    for (const name of ['line\nbreak', 'tab\there', '\u001b[2J\u001b[31mPROD', 'evil\u202Eexe.txt', 'iso\u2066late\u2069', '\u200B\u200C\u200D', '\u2060', 'x'.repeat(101)]) {
      const res = await call(url, 'POST', '/v1/api-keys', { key: devAdmin, body: { name, scopes: ['dns:read'] } })
      expectError(res, 422, 'VALIDATION_FAILED')
      expect(res.json.error.details, JSON.stringify(name)).toEqual([expect.objectContaining({ field: 'name' })])
    }
  })

  it('counts 100 characters in code points: 100 emoji are a valid name', async () => {
    const name = '🔑'.repeat(100)
    const key = await createKey(devAdmin, { name, scopes: ['dns:read'] })
    expect((await call(url, 'GET', `/v1/api-keys/${key.id}`, { key: devAdmin })).json.data.name).toBe(name)
  })
})

describe('9. rate limiting per address before authentication', () => {
  it('answers 429 with Retry-After to unauthenticated and wrong-key floods, and keeps the per-key limit', async () => {
    const own = await startTestServer({ ipRateLimitPerMinute: 6, rateLimitPerMinute: 2 })
    try {
      const base = own.api.url
      const admin = own.api.organizations[0]!.admin_key!
      expect((await call(base, 'GET', '/v1/me', { key: admin })).status).toBe(200)
      expect((await call(base, 'GET', '/v1/me', { key: admin })).status).toBe(200)
      // Third request with the key: the per-key budget of 2 is spent.
      expectError(await call(base, 'GET', '/v1/me', { key: admin }), 429, 'RATE_LIMITED')
      expectError(await call(base, 'GET', '/v1/me'), 401, 'INVALID_API_KEY')
      expectError(await call(base, 'GET', '/v1/me', { key: generateSecret('sk_test_') }), 401, 'INVALID_API_KEY')
      expectError(await call(base, 'GET', '/v1/me', { key: 'sk_test_nonsense' }), 401, 'INVALID_API_KEY')
      // Six requests from this address so far: the seventh and later are refused before authentication.
      for (const key of [undefined, generateSecret('sk_test_'), admin]) {
        const res = await call(base, 'GET', '/v1/me', key === undefined ? {} : { key })
        expectError(res, 429, 'RATE_LIMITED')
        expect(res.json.error.message).toMatch(/address/)
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
        expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60)
      }
      expectError(await call(base, 'GET', '/v2/anything'), 429, 'RATE_LIMITED')
    } finally {
      await own.dispose()
    }
  })
})
