/** Every body the fake GitHub sends, checked against GitHub's own REST description (@octokit/openapi). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { request } from 'undici'
import { loadGithubSpec, type GithubSpec } from './github-openapi'
import { startFakeGithub, type FakeGithub } from './fake-github'

let spec: GithubSpec
let ghes: GithubSpec
let fake: FakeGithub
let enterprise: FakeGithub
const CLASSIC = 'ghp_' + 'a'.repeat(36)

beforeAll(async () => {
  ;[spec, ghes, fake, enterprise] = await Promise.all([loadGithubSpec('api.github.com'), loadGithubSpec('ghes-3.19'), startFakeGithub(), startFakeGithub({ prefix: '/api/v3' })])
  for (const f of [fake, enterprise]) f.tokens.set(CLASSIC, { login: 'octo', userId: 7, scopes: ['repo', 'read:org'], expiresAt: new Date('2099-01-01T00:00:00Z'), revoked: false })
})
afterAll(async () => {
  await fake.close()
  await enterprise.close()
})

const get = (base: string, token?: string) =>
  request(`${base}/user`, { headers: token ? { authorization: `Bearer ${token}`, 'user-agent': 'test' } : { 'user-agent': 'test' } }).then((r) => r.body.dump())
const revoke = (base: string, body: unknown, token?: string) =>
  request(`${base}/credentials/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  }).then((r) => r.body.dump())

describe('fake GitHub against @octokit/openapi', () => {
  test('GET /user serves the documented private-user view, and 401s as basic-error', async () => {
    expect(spec.responseRefs('get', '/user', 200)).toContain('#/components/schemas/private-user')
    await get(fake.url, CLASSIC)
    await get(fake.url)
    await get(fake.url, 'ghp_' + 'z'.repeat(36))
    expect(fake.sent.map((s) => s.status)).toEqual([200, 401, 401])
    const [ok, ...denied] = fake.sent
    expect(spec.responseErrors('get', '/user', 200, ok?.body)).toEqual([])
    expect(spec.responseErrors('get', '/user', 401, denied[0]?.body)).toEqual([])
    expect(spec.responseErrors('get', '/user', 401, denied[1]?.body)).toEqual([])
  })

  test('the validator does reject a body that breaks the schema', () => {
    expect(spec.responseErrors('get', '/user', 200, { login: 'x' })).not.toEqual([])
    expect(spec.requestErrors('post', '/credentials/revoke', { credentials: [] })).not.toEqual([])
  })

  test('POST /credentials/revoke: 202 unauthenticated, 422 for a bad list, 403 when authenticated', async () => {
    fake.sent.length = 0
    const body = { credentials: ['ghp_' + 'q'.repeat(36)] }
    expect(spec.requestErrors('post', '/credentials/revoke', body)).toEqual([])
    await revoke(fake.url, body)
    await revoke(fake.url, { credentials: [] })
    await revoke(fake.url, body, CLASSIC)
    expect(fake.sent.map((s) => s.status)).toEqual([202, 422, 403])
    expect(spec.responseErrors('post', '/credentials/revoke', 202, fake.sent[0]?.body)).toEqual([])
    expect(spec.responseErrors('post', '/credentials/revoke', 422, fake.sent[1]?.body)).toEqual([])
    // 403 is not in the description's responses for this path; its body is GitHub's basic-error, as every 403.
    expect(spec.responseErrors('get', '/user', 403, fake.sent[2]?.body)).toEqual([])
  })

  test('the rate-limited answer is a documented 403 body', async () => {
    fake.sent.length = 0
    fake.exhaustRateLimit(60)
    await get(fake.url, CLASSIC)
    expect(fake.sent[0]?.status).toBe(403)
    expect(spec.responseErrors('get', '/user', 403, fake.sent[0]?.body)).toEqual([])
  })

  test('mounted under /api/v3 it matches the Enterprise Server description', async () => {
    await get(enterprise.url, CLASSIC)
    expect(enterprise.requests[0]?.path).toBe('/api/v3/user')
    expect(ghes.responseErrors('get', '/user', 200, enterprise.sent[0]?.body)).toEqual([])
  })
})
