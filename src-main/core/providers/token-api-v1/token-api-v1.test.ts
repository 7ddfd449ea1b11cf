/** Token API v1 behind the port, against the real Token API server: the same answers and errors as the client. */
import { providerTokenSchema } from '@shared/providers'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestServer, type TestServer } from '../../../token-api/test-helpers'
import { formatSecret } from '@shared/token-format'
import { ApiError, closeAllPools, TokenApiClient } from '../../api-client'
import { ProviderError } from '../errors'
import { tokenApiV1Provider } from '.'

let server: TestServer
let admin: string
let orgId: string

beforeAll(async () => {
  server = await startTestServer({ rateLimitPerMinute: 0 })
  const org = server.api.organizations.find((o) => o.environment === 'staging')
  admin = org?.admin_key ?? ''
  orgId = org?.id ?? ''
})
afterAll(async () => {
  await closeAllPools()
  await server.dispose()
})

const session = (credential = admin) => tokenApiV1Provider.connect({ baseUrl: server.api.url, credential })
const client = (credential = admin) => new TokenApiClient(server.api.url, credential)

/** The calling key's lastUsed moves with every call: compared apart from it. */
const stable = <T extends { lastUsed: string | null }>(k: T | null) => (k ? { ...k, lastUsed: 'moves' } : k)

async function both(adapter: Promise<unknown>, direct: Promise<unknown>): Promise<[ProviderError, ApiError]> {
  const a = await adapter.then(() => null, (e: unknown) => e)
  const d = await direct.then(() => null, (e: unknown) => e)
  expect(a).toBeInstanceOf(ProviderError)
  expect(d).toBeInstanceOf(ApiError)
  return [a as ProviderError, d as ApiError]
}

describe('token-api-v1 adapter', () => {
  test('identify = GET /v1/me: the organization as the account, the key as the token', async () => {
    const me = await client().me()
    const id = await session().identify()
    expect(id.account).toEqual(me.organization)
    expect(stable(id.token)).toEqual(stable(me.key))
    expect(id.token?.lastUsed).not.toBeNull()
  })

  test('list, scopes: exactly what the client returns', async () => {
    const direct = await client().listKeys('all')
    for (const k of direct) expect(providerTokenSchema.parse(k)).toEqual(k)
    expect((await session().list()).map(stable)).toEqual(direct.map(stable))
    expect(await session().scopes()).toEqual(await client().scopes())
  })

  test('create → rotate with a grace → revoke, each visible through the client', async () => {
    const created = await session().create({ name: 'adapter', scopes: ['dns:read'], expiresAt: null })
    expect(created.secret).toMatch(/^sk_test_/)
    expect((await client().getKey(created.token.id)).name).toBe('adapter')
    const rotated = await session().rotate(created.token.id, { graceSeconds: 600, expiresAt: null })
    expect(rotated.token.name).toBe('adapter')
    expect((await client(created.secret).me()).key.id).toBe(created.token.id) // the old one still works in its grace
    await session().revoke({ id: rotated.token.id })
    expect((await client().getKey(rotated.token.id)).status).toBe('revoked')
  })

  test('errors carry the client’s code, message and extras, plus the HTTP status', async () => {
    const unknown = formatSecret('sk_test_', 'Z'.repeat(36))
    const [a, d] = await both(session(unknown).identify(), client(unknown).me())
    expect(a.toIpcError()).toEqual(d.toKeywardError().toIpcError())
    expect(a.status).toBe(401)
    const [narrow] = await server.api.bulkInsertKeys(orgId, [{ name: 'narrow', scopes: ['dns:read'] }])
    const [a2, d2] = await both(session(narrow?.secret).list(), client(narrow?.secret).listKeys())
    expect(a2.toIpcError()).toEqual(d2.toKeywardError().toIpcError())
    expect(a2.toIpcError().requiredScope).toBe('api_keys:read')
    const [a3, d3] = await both(session().create({ name: 'x', scopes: ['no:such'], expiresAt: null }), client().createKey({ name: 'x', scopes: ['no:such'], expiresAt: null }))
    expect(a3.toIpcError()).toEqual(d3.toKeywardError().toIpcError())
    expect(a3.refused).toBe(true)
  })

  test('an unreachable server is unreachable, not refused', async () => {
    const e = await tokenApiV1Provider
      .connect({ baseUrl: 'http://127.0.0.1:9', credential: admin, http: { maxRetries: 0 } })
      .list()
      .then(() => null, (err: unknown) => err)
    expect(e).toBeInstanceOf(ProviderError)
    expect((e as ProviderError).unreachable).toBe(true)
    expect((e as ProviderError).code).toBe('NETWORK')
  })
})
