/**
 * GET /v1/me in its plain form is answered ahead of Fastify's router (http-app's fast GETs); any
 * other form of the same request (here a query string) goes through Fastify. Both must answer
 * byte for byte the same: status, headers, body (last_used aside, which is "now") and log line.
 */
import { request } from 'node:http'
import { Client } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateSecret } from '../shared/token-format'
import { call, startTestServer, type TestServer } from './test-helpers'

interface Raw {
  readonly status: number
  readonly headers: string[]
  readonly body: string
}

/** One GET, with the raw header lines as sent (Date left out: it may tick between two requests). */
function rawGet(url: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => {
        const lines: string[] = []
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i] !== 'Date') lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`)
        }
        resolve({ status: res.statusCode ?? 0, headers: lines, body })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

const withoutLastUsed = (body: string) => body.replace(/"last_used":"[^"]*"/, '"last_used":"…"')

/** The fast form and the router's form of GET /v1/me with the same headers: they must agree. */
async function expectSameAnswer(url: string, headers: Record<string, string>): Promise<Raw> {
  const fast = await rawGet(url, '/v1/me', headers)
  const routed = await rawGet(url, '/v1/me?form=routed', headers)
  expect({ ...fast, body: withoutLastUsed(fast.body) }).toEqual({ ...routed, body: withoutLastUsed(routed.body) })
  return fast
}

let server: TestServer
let url: string
let admin: string

beforeAll(async () => {
  server = await startTestServer({ rateLimitPerMinute: 40 })
  url = server.api.url
  admin = server.api.organizations[0]!.admin_key!
})
afterAll(() => server.dispose())

const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

async function newKey(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await call(url, 'POST', '/v1/api-keys', { key: admin, body: { name: 'fast path', scopes: ['dns:read'], ...body } })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return res.json.data
}

describe('GET /v1/me answered ahead of the router', () => {
  it('answers a valid key as the router does, and logs the request the same way', async () => {
    const before = server.logs.length
    const answer = await expectSameAnswer(url, bearer(admin))
    expect(answer.status).toBe(200)
    expect(answer.headers).toEqual(['content-type: application/json; charset=utf-8', `content-length: ${Buffer.byteLength(answer.body)}`, 'Connection: keep-alive', 'Keep-Alive: timeout=5'])
    expect(JSON.parse(answer.body).data.key.last_used).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(server.logs.slice(before).map((l) => l.replace(/ [\d.]+ms$/, ''))).toEqual(['GET /v1/me 200', 'GET /v1/me 200'])
  })

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { authorization: 'Basic abc' }],
    ['a malformed key', bearer('sk_test_short')],
    ['a well-formed unknown key', bearer(generateSecret('sk_test_'))],
    ['a key with pasted quotes around it', bearer(`"${generateSecret('sk_live_')}"`)],
  ])('refuses %s with the same 401 as the router', async (_what, headers) => {
    const answer = await expectSameAnswer(url, headers)
    expect(answer.status).toBe(401)
    expect(answer.headers).toContain('www-authenticate: Bearer')
  })

  it('refuses a revoked key, a key used from outside its allowlist and a suspended organization as the router does', async () => {
    const revoked = await newKey({})
    expect((await call(url, 'DELETE', `/v1/api-keys/${revoked.id}`, { key: admin })).status).toBe(200)
    expect(JSON.parse((await expectSameAnswer(url, bearer(revoked.secret))).body).error.code).toBe('INVALID_API_KEY')

    const elsewhere = await newKey({ allowed_ips: ['10.1.2.0/24'] })
    expect(JSON.parse((await expectSameAnswer(url, bearer(elsewhere.secret))).body).error.code).toBe('IP_NOT_ALLOWED')

    const staging = server.api.organizations[1]!
    const op = server.api.operatorToken
    expect((await call(url, 'POST', `/v1/operator/organizations/${staging.id}/suspend`, { key: op })).status).toBe(200)
    try {
      const answer = await expectSameAnswer(url, bearer(staging.admin_key!))
      expect([answer.status, JSON.parse(answer.body).error.code]).toEqual([403, 'ORGANIZATION_SUSPENDED'])
    } finally {
      await call(url, 'POST', `/v1/operator/organizations/${staging.id}/resume`, { key: op })
    }
    expect((await expectSameAnswer(url, bearer(staging.admin_key!))).status).toBe(200)
  })

  it('writes last_used in its place for a name of several-byte characters, request after request', async () => {
    const key = await newKey({ name: 'Déploiement ✓ 本番' })
    for (let i = 0; i < 3; i++) {
      const answer = await expectSameAnswer(url, bearer(key.secret))
      const me = JSON.parse(answer.body).data.key
      expect([me.name, Math.abs(Date.parse(me.last_used) - Date.now()) < 60_000]).toEqual(['Déploiement ✓ 本番', true])
      expect(answer.headers).toContain(`content-length: ${Buffer.byteLength(answer.body)}`)
    }
  })

  it('on one keep-alive connection, a changed header is a new key and a revoked key is refused at once, in both forms', async () => {
    const a = await newKey({ name: 'conn a' })
    const b = await newKey({ name: 'conn b' })
    const client = new Client(url, { pipelining: 1 })
    const get = async (path: string, key: string) => {
      const res = await client.request({ method: 'GET', path, headers: bearer(key) })
      const json = (await res.body.json()) as { data?: { key: { name: string } }; error?: { code: string } }
      return [res.statusCode, json.data?.key.name ?? json.error?.code]
    }
    try {
      for (const path of ['/v1/me', '/v1/me?form=routed']) {
        expect(await get(path, a.secret)).toEqual([200, 'conn a'])
        expect(await get(path, b.secret)).toEqual([200, 'conn b'])
        expect(await get(path, a.secret)).toEqual([200, 'conn a'])
        expect(await get(path, `${a.secret}x`)).toEqual([401, 'INVALID_API_KEY'])
      }
      expect((await call(url, 'DELETE', `/v1/api-keys/${a.id}`, { key: admin })).status).toBe(200)
      expect(await get('/v1/me', a.secret)).toEqual([401, 'INVALID_API_KEY'])
      expect(await get('/v1/me?form=routed', a.secret)).toEqual([401, 'INVALID_API_KEY'])
      expect(await get('/v1/me', b.secret)).toEqual([200, 'conn b'])
    } finally {
      await client.close()
    }
  })

  it('shows a key rotated after it was read with its successor and new expiry (nothing stale is served)', async () => {
    const key = await newKey({})
    const first = JSON.parse((await expectSameAnswer(url, bearer(key.secret))).body).data.key
    expect([first.successor_id, first.expires_at]).toEqual([null, null])
    const rotated = await call(url, 'POST', `/v1/api-keys/${key.id}/rotate`, { key: admin, body: { grace_period_seconds: 3600 } })
    expect(rotated.status, JSON.stringify(rotated.json)).toBe(201)
    const after = JSON.parse((await expectSameAnswer(url, bearer(key.secret))).body).data.key
    expect(after.successor_id).toBe(rotated.json.data.id)
    expect(after.expires_at).not.toBeNull()
  })

  it('counts both forms against the key’s rate limit and refuses with the same 429 and Retry-After', async () => {
    const key = await newKey({})
    let last: Raw | undefined
    for (let i = 0; i < 21 && last?.status !== 429; i++) last = await expectSameAnswer(url, bearer(key.secret))
    expect(last?.status).toBe(429)
    expect(last?.headers.some((h) => /^retry-after: \d+$/.test(h))).toBe(true)
  })
})
