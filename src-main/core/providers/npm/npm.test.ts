/**
 * The npm adapter on the wire shapes Verdaccio cannot produce: npmjs's richer token fields
 * (`name`, `expires`, `cidr_whitelist`, `readonly`), paginated lists, one-time passwords,
 * IP allowlists and rate limits — served by a loopback fixture with the shapes from npm's docs.
 */
import { providerTokenSchema } from '@shared/providers'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { closeAllPools } from '../../api-client'
import { sendJson, startFixture, type Fixture, type FixtureHandler } from '../../testing/http-fixture'
import { ProviderError } from '../errors'
import { createNpmProvider, displayMatches, npmProvider } from '.'

const NOW = new Date('2026-06-01T12:00:00Z')
const provider = createNpmProvider(() => NOW)
const TOKEN = 'npm_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'
const PASSWORD = 'hunter2-but-longer'
const OTP = '123456'
let handler: FixtureHandler = (_req, res) => sendJson(res, 404, {})
let fx: Fixture
const logs: string[] = []

beforeAll(async () => {
  fx = await startFixture((req, res) => handler(req, res))
})
afterEach(() => {
  fx.requests.length = 0
})
afterAll(async () => {
  await closeAllPools()
  await fx.close()
})

const session = (credential = TOKEN) => provider.connect({ baseUrl: fx.url, credential, http: { log: (l) => logs.push(l), maxRetries: 0 } })

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ProviderError)
  return e as ProviderError
}

// As npmjs lists them (npm CLI's `token list` reads these fields), two pages.
const page1 = {
  objects: [
    {
      token: 'npm_A1…',
      key: 'a'.repeat(128),
      name: 'CI publish',
      expires: '2026-07-01T00:00:00.000Z',
      cidr_whitelist: ['192.0.2.0/24'],
      readonly: false,
      created: '2026-01-02T03:04:05.000Z',
      updated: '2026-01-02T03:04:05.000Z',
    },
  ],
  total: 2,
  urls: { next: '/-/npm/v1/tokens?page=1&perPage=1' },
}
const page2 = {
  objects: [{ token: 'npm_zz…', key: 'b'.repeat(128), name: null, expires: '2026-05-01T00:00:00.000Z', cidr_whitelist: null, readonly: true, created: '2025-12-01T00:00:00.000Z', updated: null }],
  total: 2,
  urls: { next: null },
}

describe('npmjs shapes', () => {
  test('list follows urls.next and maps name, expires, cidr_whitelist and readonly', async () => {
    handler = (req, res) => sendJson(res, 200, req.url.includes('page=1') ? page2 : page1)
    const tokens = await session().list()
    for (const t of tokens) expect(providerTokenSchema.parse(t)).toEqual(t)
    expect(fx.requests.map((r) => r.url)).toEqual(['/-/npm/v1/tokens', '/-/npm/v1/tokens?page=1&perPage=1'])
    expect(fx.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(tokens).toEqual([
      {
        id: 'a'.repeat(128),
        name: 'CI publish',
        prefix: 'npm_',
        hint: 'npm_A1…',
        scopes: ['publish'],
        createdAt: '2026-01-02T03:04:05.000Z',
        lastUsed: null,
        expiresAt: '2026-07-01T00:00:00.000Z',
        revokedAt: null,
        status: 'active',
        allowedIps: ['192.0.2.0/24'],
      },
      expect.objectContaining({ id: 'b'.repeat(128), name: 'npm token bbbbbb', scopes: ['read-only'], status: 'expired', allowedIps: [] }),
    ])
  })

  test('a list from another origin in urls.next is not followed', async () => {
    handler = (_req, res) => sendJson(res, 200, { ...page1, urls: { next: 'https://elsewhere.example/-/npm/v1/tokens?page=1' } })
    expect(await session().list()).toHaveLength(1)
    expect(fx.requests).toHaveLength(1)
  })

  test('identify finds its own token by the masked form the list shows', async () => {
    handler = (req, res) => (req.url === '/-/whoami' ? sendJson(res, 200, { username: 'octo' }) : sendJson(res, 200, { ...page1, urls: { next: null } }))
    const id = await session().identify()
    expect(id.account.name).toBe('octo')
    expect(id.token?.id).toBe('a'.repeat(128))
  })

  test('a token list item without a key is a bad response, not a crash', async () => {
    handler = (_req, res) => sendJson(res, 200, { objects: [{ token: 'x' }], urls: {} })
    const e = await failure(session().list())
    expect(e.code).toBe('SERVER')
    expect(e.message).toContain("Check the profile’s base URL")
  })
})

describe('create with password and one-time password', () => {
  const createdBody = { token: 'npm_NEWSECRETnewsecret0123456789abcdefgh', key: 'c'.repeat(128), name: 'deploy', expires: '2026-07-01T12:00:00.000Z', cidr_whitelist: null, readonly: false, created: NOW.toISOString() }

  test('401 with www-authenticate: OTP → OTP_REQUIRED; with the code in npm-otp it goes through', async () => {
    handler = (req, res) => {
      if (req.headers['npm-otp'] !== OTP) return sendJson(res, 401, { error: 'OTP required' }, { 'www-authenticate': 'OTP' })
      sendJson(res, 201, createdBody)
    }
    const first = await failure(session().create({ name: 'deploy', scopes: [], expiresAt: '2026-07-01T12:00:00Z' }, { password: PASSWORD }))
    expect(first.toIpcError()).toEqual({ code: 'OTP_REQUIRED', message: 'The npm registry asks for a one-time password for this. Enter the code from your authenticator app.' })
    const created = await session().create({ name: 'deploy', scopes: [], expiresAt: '2026-07-01T12:00:00Z' }, { password: PASSWORD, otp: OTP })
    expect(created.secret).toBe(createdBody.token)
    expect(created.token).toMatchObject({ id: 'c'.repeat(128), name: 'deploy', expiresAt: '2026-07-01T12:00:00.000Z', hint: '…efgh' })
    const sent = JSON.parse(fx.requests.at(-1)?.body ?? '{}') as Record<string, unknown>
    expect(sent).toEqual({ password: PASSWORD, readonly: false, name: 'deploy', expires: 30 })
  })

  test('a wrong one-time password says so', async () => {
    handler = (_req, res) => sendJson(res, 401, { error: 'This operation requires a one-time password.' })
    const e = await failure(session().create({ name: 'x', scopes: [], expiresAt: null }, { password: PASSWORD, otp: '000000' }))
    expect(e.code).toBe('OTP_REQUIRED')
    expect(e.message).toContain('did not accept that one-time password')
  })

  test('401 www-authenticate: ipaddress → IP_NOT_ALLOWED', async () => {
    handler = (_req, res) => sendJson(res, 401, {}, { 'www-authenticate': 'ipaddress' })
    expect((await failure(session().list())).code).toBe('IP_NOT_ALLOWED')
  })

  test('403 on create → missing permission; 429 → Retry-After seconds', async () => {
    handler = (_req, res) => sendJson(res, 403, { error: 'read-only token' })
    expect((await failure(session().create({ name: 'x', scopes: [], expiresAt: null }, { password: PASSWORD }))).toIpcError()).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      message: 'The npm registry credential of this profile may not create a token.',
    })
    handler = (_req, res) => sendJson(res, 429, {}, { 'retry-after': '42' })
    expect((await failure(session().list())).toIpcError()).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 42 })
  })

  test('a server that echoes the password and the token back finds neither in the error or the log', async () => {
    handler = (req, res) => sendJson(res, 400, { error: `bad request: ${req.body} ${String(req.headers.authorization)} ${String(req.headers['npm-otp'])}` })
    const e = await failure(session().create({ name: 'x', scopes: [], expiresAt: null }, { password: PASSWORD, otp: OTP }))
    expect(e.code).toBe('VALIDATION_FAILED')
    expect(e.message).toContain('[redacted]')
    for (const s of [PASSWORD, OTP, TOKEN]) {
      expect(e.message).not.toContain(s)
      expect(JSON.stringify(e.toIpcError())).not.toContain(s)
      for (const line of logs) expect(line).not.toContain(s)
    }
  })
})

describe('offline', () => {
  test('displayMatches needs the visible head (and tail) of the secret', () => {
    expect(displayMatches('MmRjM...iODE=', 'MmRjMxxxxxxxxiODE=')).toBe(true)
    expect(displayMatches('MmRjM...iODE=', 'MmRjMxxxxxxxxAAAA')).toBe(false)
    expect(displayMatches('npm_A1…', TOKEN)).toBe(true)
    expect(displayMatches('npm…', TOKEN)).toBe(false)
  })

  test('looksLike recognizes npm_ tokens only', () => {
    expect(npmProvider.looksLike(` ${TOKEN}\n`)).toEqual({ match: 'yes', kind: 'npm access token', environments: null })
    expect(npmProvider.looksLike('glpat-abcdefghijklmnopqrst')).toEqual({ match: 'unknown' })
  })
})
