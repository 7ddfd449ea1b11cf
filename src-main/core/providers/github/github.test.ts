/** The GitHub adapter (validate and watch) against the fake GitHub whose bodies match @octokit/openapi. */
import { providerTokenSchema } from '@shared/providers'
import { beforeAll, describe, expect, test } from 'vitest'
import type { FakeGithub } from '../../testing/fake-github'
import { usePeers } from '../../testing/peers'
import { ProviderError } from '../errors'
import { createGithubProvider, githubTokenId, parseGithubExpiry } from '.'

const NOW = new Date('2026-06-01T00:00:00Z')
const provider = createGithubProvider(() => NOW)
const CLASSIC = 'ghp_' + 'C'.repeat(36)
const FINE = 'github_pat_' + '11ABCDEFG0'.repeat(8) + 'xy'
let fake: FakeGithub
let ghe: FakeGithub
const logs: string[] = []

const dotcom = usePeers(['github'], { now: () => NOW })
const enterprise = usePeers(['github'], { now: () => NOW, githubPrefix: '/api/v3' })
beforeAll(() => {
  ;[fake, ghe] = [dotcom.github, enterprise.github]
  fake.tokens.set(CLASSIC, { login: 'octo', userId: 42, scopes: ['repo', 'read:org'], expiresAt: new Date('2026-06-20T08:09:10Z'), revoked: false })
  fake.tokens.set(FINE, { login: 'octo', userId: 42, scopes: null, expiresAt: null, revoked: false })
  ghe.tokens.set(CLASSIC, { login: 'corp-octo', userId: 5, scopes: ['repo'], expiresAt: null, revoked: false })
})

const session = (credential: string, baseUrl = fake.url) => provider.connect({ baseUrl, credential, http: { log: (l) => logs.push(l), maxRetries: 0 } })

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ProviderError)
  return e as ProviderError
}

describe('GitHub adapter', () => {
  test('identify a classic token: login, X-OAuth-Scopes, expiry from GitHub-Authentication-Token-Expiration', async () => {
    const id = await session(CLASSIC).identify()
    expect(providerTokenSchema.parse(id.token)).toEqual(id.token)
    expect(id.account).toEqual({ id: '42', name: 'octo', environment: null, status: 'active' })
    expect(id.token).toEqual({
      id: githubTokenId(CLASSIC),
      name: `octo on ${new URL(fake.url).host}`,
      prefix: 'ghp_',
      hint: '…CCCC',
      scopes: ['repo', 'read:org'],
      createdAt: null,
      lastUsed: null,
      expiresAt: '2026-06-20T08:09:10.000Z',
      revokedAt: null,
      status: 'active',
      allowedIps: [],
    })
    const sent = fake.requests.at(-1)
    expect(sent).toMatchObject({ method: 'GET', path: '/user', authenticated: true })
  })

  test('a fine-grained token without expiry: no scopes header, no expiry', async () => {
    const id = await session(FINE).identify()
    expect(id.token).toMatchObject({ prefix: 'github_pat_', scopes: [], expiresAt: null })
  })

  test('GitHub Enterprise Server: the base URL carries /api/v3', async () => {
    const id = await session(CLASSIC, ghe.url).identify()
    expect(id.account.name).toBe('corp-octo')
    expect(ghe.requests.at(-1)?.path).toBe('/api/v3/user')
  })

  test('revoke is sent without authentication, and the token stops working', async () => {
    const doomed = 'ghp_' + 'D'.repeat(36)
    fake.tokens.set(doomed, { login: 'octo', userId: 42, scopes: ['gist'], expiresAt: null, revoked: false })
    await session(doomed).revoke({ id: githubTokenId(doomed), secret: doomed })
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/credentials/revoke', authenticated: false })
    expect(JSON.parse(fake.requests.at(-1)?.body ?? '{}')).toEqual({ credentials: [doomed] })
    expect((await failure(session(doomed).identify())).code).toBe('INVALID_API_KEY')
  })

  test('revoke without the secret says why it cannot', async () => {
    const e = await failure(session(CLASSIC).revoke({ id: githubTokenId(CLASSIC) }))
    expect(e.code).toBe('SECRET_NOT_STORED')
  })

  test('primary rate limit → RATE_LIMITED with the seconds until x-ratelimit-reset', async () => {
    fake.exhaustRateLimit(90)
    expect((await failure(session(CLASSIC).identify())).toIpcError()).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 90 })
  })

  test('list, create, rotate and the scope catalog are absent, each with its reason', async () => {
    const s = session(CLASSIC)
    for (const [p, reason] of [
      [s.list(), 'GitHub has no API to list personal access tokens'],
      [s.create({ name: 'x', scopes: [], expiresAt: null }), 'GitHub has no API to create'],
      [s.rotate('x', { graceSeconds: 0, expiresAt: null }), 'GitHub has no API to rotate'],
      [s.scopes(), 'Scopes are chosen on GitHub'],
    ] as const) {
      const e = await failure(p)
      expect(e.code).toBe('NOT_SUPPORTED')
      expect(e.message).toContain(reason)
    }
  })

  test('the expiry header format, and looksLike for each GitHub token kind', () => {
    expect(parseGithubExpiry('2026-07-01 00:00:00 UTC')).toBe('2026-07-01T00:00:00.000Z')
    expect(parseGithubExpiry('2026-07-01 02:00:00 +0200')).toBe('2026-07-01T00:00:00.000Z')
    expect(parseGithubExpiry('soon')).toBeNull()
    expect(provider.looksLike(CLASSIC)).toMatchObject({ match: 'yes', kind: 'GitHub personal access token (classic)' })
    expect(provider.looksLike(FINE)).toMatchObject({ match: 'yes', kind: 'GitHub fine-grained personal access token' })
    expect(provider.looksLike('glpat-xxxxxxxxxxxxxxxxxxxx')).toEqual({ match: 'unknown' })
  })

  test('no log line carries a token, and no request line names the Authorization header', () => {
    expect(logs.length).toBeGreaterThan(4)
    for (const line of logs) {
      for (const s of [CLASSIC, FINE, 'ghp_' + 'D'.repeat(36)]) expect(line).not.toContain(s)
      expect(line).not.toMatch(/authorization|bearer/i)
    }
  })
})
