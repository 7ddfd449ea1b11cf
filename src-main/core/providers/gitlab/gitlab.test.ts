/** The GitLab adapter against the stateful fake written from GitLab's docs (its shapes proven by @gitbeaker/rest). */
import { providerTokenSchema } from '@shared/providers'
import { beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { FakeGitlab } from '../../testing/fake-gitlab'
import { usePeers } from '../../testing/peers'
import { ProviderError } from '../errors'
import { gitlabApiRoot, gitlabProvider } from '.'

let fake: FakeGitlab
let userId: number
const logs: string[] = []
const seen: string[] = []

const peers = usePeers(['gitlab'])
beforeAll(() => {
  fake = peers.gitlab
  userId = fake.addUser('grace').id
})
beforeEach(() => {
  fake.requests.length = 0
})

function issue(name: string, scopes: string[], expiresAt: string | null = null) {
  const t = fake.issue(userId, { name, scopes, expiresAt })
  seen.push(t.secret)
  return t
}
const session = (credential: string, baseUrl = fake.url) => gitlabProvider.connect({ baseUrl, credential, http: { log: (l) => logs.push(l), maxRetries: 0 } })

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ProviderError)
  return e as ProviderError
}

describe('GitLab adapter', () => {
  test('identify: the token itself (self) and its user', async () => {
    const t = issue('laptop', ['api'], '2099-01-31')
    const id = await session(t.secret).identify()
    expect(id.account).toEqual({ id: String(userId), name: 'grace', environment: null, status: 'active' })
    expect(id.token).toMatchObject({ id: String(t.id), name: 'laptop', prefix: 'glpat-', scopes: ['api'], status: 'active', expiresAt: '2099-01-31T00:00:00.000Z' })
    expect(id.token?.lastUsed).not.toBeNull()
  })

  test('identify works for a token GitLab will not name the user for (k8s_proxy only)', async () => {
    const t = issue('agent', ['k8s_proxy'])
    expect((await session(t.secret).identify()).account).toMatchObject({ id: String(userId), name: `user ${userId}` })
  })

  test('the base URL may be given with or without /api/v4', async () => {
    expect(gitlabApiRoot('https://git.example.com/')).toBe('https://git.example.com/api/v4')
    expect(gitlabApiRoot('https://git.example.com/gitlab/api/v4')).toBe('https://git.example.com/gitlab/api/v4')
    const t = issue('x', ['api'])
    expect((await session(t.secret, `${fake.url}/api/v4`).identify()).account.name).toBe('grace')
  })

  test('list: own tokens over several pages (user_id keeps an admin to their own), with last-used, expiry and revoked', async () => {
    const admin = issue('admin', ['api'])
    for (let i = 0; i < 150; i++) fake.issue(userId, { name: `bulk${i}`, scopes: ['read_api'] })
    const dead = issue('dead', ['read_api'])
    await session(admin.secret).revoke({ id: String(dead.id) })
    const tokens = await session(admin.secret).list()
    for (const t of tokens) expect(providerTokenSchema.parse(t)).toEqual(t)
    expect(tokens.length).toBe([...fake.tokens.values()].filter((t) => t.user_id === userId).length)
    expect(fake.requests.filter((r) => r.startsWith('GET /api/v4/personal_access_tokens?')).every((r) => r.includes(`user_id=${userId}`))).toBe(true)
    expect(fake.requests.filter((r) => r.startsWith('GET /api/v4/personal_access_tokens?')).length).toBe(2)
    expect(tokens.find((t) => t.id === String(dead.id))).toMatchObject({ status: 'revoked' })
    expect(tokens.find((t) => t.id === String(admin.id))?.lastUsed).not.toBeNull()
  })

  test('list without read_api names the scopes GitLab wants', async () => {
    const t = issue('narrow', ['read_user'])
    const e = await failure(session(t.secret).list())
    expect(e.toIpcError()).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      message: 'The GitLab credential of this profile lacks the permission "api" or "read_api" needed to list tokens. Use a credential that has it.',
      requiredScope: 'api or read_api',
    })
  })

  test('create: k8s_proxy / self_rotate only, said in words', async () => {
    const admin = issue('admin-c', ['api'])
    const made = await session(admin.secret).create({ name: 'kube', scopes: ['k8s_proxy'], expiresAt: '2099-02-01T10:00:00Z' })
    seen.push(made.secret)
    expect(made.secret).toMatch(/^glpat-/)
    expect(made.token).toMatchObject({ name: 'kube', scopes: ['k8s_proxy'], expiresAt: '2099-02-01T00:00:00.000Z', hint: `…${made.secret.slice(-4)}` })
    const e = await failure(session(admin.secret).create({ name: 'too much', scopes: ['api'], expiresAt: null }))
    expect(e.code).toBe('VALIDATION_FAILED')
    expect(e.message).toContain('with the scopes k8s_proxy and self_rotate only')
  })

  test('rotate: the new token works at once, the old one is refused at once (no grace)', async () => {
    const admin = issue('admin-r', ['api'])
    const t = issue('ci', ['read_api'])
    const rotated = await session(admin.secret).rotate(String(t.id), { graceSeconds: 3600, expiresAt: '2099-03-01' })
    seen.push(rotated.secret)
    expect(providerTokenSchema.parse(rotated.token)).toEqual(rotated.token)
    expect(rotated.token).toMatchObject({ name: 'ci', status: 'active', expiresAt: '2099-03-01T00:00:00.000Z' })
    expect((await failure(session(t.secret).identify())).code).toBe('INVALID_API_KEY')
    expect((await session(rotated.secret).identify()).token?.id).toBe(rotated.token.id)
  })

  test('rotating its own credential uses self/rotate (works with the self_rotate scope alone)', async () => {
    const t = issue('self', ['self_rotate'])
    const s = session(t.secret)
    const rotated = await s.rotate(String(t.id), { graceSeconds: 0, expiresAt: null })
    seen.push(rotated.secret)
    expect(fake.requests).toContain(`POST /api/v4/personal_access_tokens/self/rotate`)
    expect(fake.tokens.get(t.id)?.revoked).toBe(true)
  })

  test('a revoked token is never sent to rotate: its family stays alive', async () => {
    const admin = issue('admin-f', ['api'])
    const t = issue('fam', ['read_api'])
    const next = await session(admin.secret).rotate(String(t.id), { graceSeconds: 0, expiresAt: null })
    seen.push(next.secret)
    fake.requests.length = 0
    const e = await failure(session(admin.secret).rotate(String(t.id), { graceSeconds: 0, expiresAt: null }))
    expect(e.code).toBe('KEY_NOT_ACTIVE')
    expect(e.message).toContain('every token of its family')
    expect(fake.requests.some((r) => r.endsWith('/rotate'))).toBe(false)
    expect(fake.tokens.get(Number(next.token.id))?.revoked).toBe(false)
  })

  test('a rotate whose answer is a server error is not retried', async () => {
    const admin = issue('admin-5', ['api'])
    const t = issue('flaky', ['read_api'])
    fake.failNext('/rotate', 502)
    const s = gitlabProvider.connect({ baseUrl: fake.url, credential: admin.secret }) // default retries on
    const e = await failure(s.rotate(String(t.id), { graceSeconds: 0, expiresAt: null }))
    expect(e.code).toBe('SERVER')
    expect(fake.requests.filter((r) => r.endsWith('/rotate'))).toHaveLength(1)
  })

  test('429 carries Retry-After; a dead credential is INVALID_API_KEY', async () => {
    const t = issue('rl', ['api'])
    fake.rateLimitNext(17)
    expect((await failure(session(t.secret).identify())).toIpcError()).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 17 })
    expect((await failure(session('glpat-nosuchtokenatall000').identify())).code).toBe('INVALID_API_KEY')
  })

  test('looksLike knows glpat- from other GitLab token kinds', () => {
    expect(gitlabProvider.looksLike('glpat-AbCdEfGhIjKlMnOpQrSt')).toMatchObject({ match: 'yes' })
    expect(gitlabProvider.looksLike('glrt-AbCdEfGhIjKlMnOpQrSt')).toEqual({ match: 'no' })
    expect(gitlabProvider.looksLike('npm_x')).toEqual({ match: 'unknown' })
  })

  test('no log line carries a token', () => {
    expect(logs.length).toBeGreaterThan(10)
    for (const line of logs) for (const s of seen) expect(line).not.toContain(s)
  })
})
