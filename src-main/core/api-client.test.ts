/** The client against the real Token API server on loopback, plus tiny fixture servers for faults. */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { request } from 'undici'
import { formatSecret } from '../shared/token-format'
import { nextCursorFromLink, TokenApiClient } from './api-client'
import { apiFailure as failure, startTestTokenApi, useTokenApi } from './testing/token-api'

const server = useTokenApi()

describe('against the real server', () => {
  test('GET /v1/me identifies the key and its organization', async () => {
    const me = await new TokenApiClient(server.api.url, server.admin).me()
    expect(me.organization).toMatchObject({ id: server.devOrg, environment: 'dev', status: 'active' })
    expect(me.key.prefix).toBe('sk_test_')
    expect(me.key.scopes).toContain('api_keys:write')
  })

  test('401 → InvalidApiKey with words a user can act on', async () => {
    const unknown = formatSecret('sk_test_', 'A'.repeat(36))
    const e = await failure(new TokenApiClient(server.api.url, unknown).me())
    expect(e.status).toBe(401)
    expect(e.code).toBe('INVALID_API_KEY')
    expect(e.toKeywardError().toIpcError()).toEqual({
      code: 'INVALID_API_KEY',
      message: 'The credential of this profile is invalid, expired or revoked — update it in the profile settings.',
    })
  })

  test('403 INSUFFICIENT_SCOPE names the scope', async () => {
    const [narrow] = await server.api.bulkInsertKeys(server.devOrg, [{ name: 'dns only', scopes: ['dns:read'] }])
    const e = await failure(new TokenApiClient(server.api.url, narrow?.secret ?? '').listKeys())
    expect(e.toKeywardError().toIpcError()).toMatchObject({ code: 'INSUFFICIENT_SCOPE', requiredScope: 'api_keys:read', message: expect.stringContaining('"api_keys:read"') })
  })

  test('403 ORGANIZATION_SUSPENDED, and working again after resume', async () => {
    const staging = server.api.organizations.find((o) => o.environment === 'staging')
    const op = (action: string) => request(`${server.api.url}/v1/operator/organizations/${staging?.id}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${server.api.operatorToken}` } }).then((r) => r.body.dump())
    await op('suspend')
    const client = new TokenApiClient(server.api.url, staging?.admin_key ?? '')
    const e = await failure(client.listKeys())
    expect(e.toKeywardError().code).toBe('ORGANIZATION_SUSPENDED')
    expect(e.message).toContain('suspended')
    await op('resume')
    expect((await client.listKeys()).length).toBeGreaterThan(0)
  })

  test('422 validation carries the details', async () => {
    const e = await failure(new TokenApiClient(server.api.url, server.admin).createKey({ name: 'x', scopes: ['no:such'], expiresAt: null }))
    expect(e.status).toBe(422)
    const ipc = e.toKeywardError().toIpcError()
    expect(ipc.code).toBe('VALIDATION_FAILED')
    expect(ipc.details?.length).toBeGreaterThan(0)
  })

  test('404 for an unknown key', async () => {
    expect((await failure(new TokenApiClient(server.api.url, server.admin).getKey('key_doesnotexist'))).toKeywardError().code).toBe('NOT_FOUND')
  })

  test('pagination is followed to the end', async () => {
    const prod = server.api.organizations.find((o) => o.environment === 'prod')
    const client = new TokenApiClient(server.api.url, prod?.admin_key ?? '')
    const before = (await client.listKeys()).length
    await server.api.bulkInsertKeys(prod?.id ?? '', Array.from({ length: 2500 }, (_, i) => ({ name: `bulk ${i}`, scopes: ['dns:read'] })))
    const all = await client.listKeys()
    expect(all).toHaveLength(before + 2500)
    expect(new Set(all.map((k) => k.id)).size).toBe(all.length)
  })

  test('create, rotate and revoke round-trip', async () => {
    const client = new TokenApiClient(server.api.url, server.admin)
    const created = await client.createKey({ name: 'round trip', scopes: ['dns:read'], expiresAt: null })
    expect(created.secret.startsWith('sk_test_')).toBe(true)
    const rotated = await client.rotateKey(created.key.id, 3600)
    expect(rotated.key.name).toBe('round trip')
    expect((await client.getKey(created.key.id)).expiresAt).not.toBeNull()
    await client.revokeKey(rotated.key.id)
    expect((await client.getKey(rotated.key.id)).status).toBe('revoked')
  })
})

test('429 → RateLimited with the Retry-After seconds, without waiting a long Retry-After out', async () => {
  const limited = await startTestTokenApi({ rateLimitPerMinute: 2 })
  try {
    const client = new TokenApiClient(limited.api.url, limited.admin)
    await client.me()
    await client.me()
    const t0 = Date.now()
    const e = await failure(client.me())
    expect(Date.now() - t0).toBeLessThan(3000)
    const ipc = e.toKeywardError().toIpcError()
    expect(ipc.code).toBe('RATE_LIMITED')
    expect(ipc.retryAfterSeconds).toBeGreaterThan(0)
    expect(ipc.message).toMatch(/Too many requests to 127\.0\.0\.1:\d+\. Try again in \d+ s\./)
  } finally {
    await limited.close()
  }
})

describe('fixture servers', () => {
  let server: Server
  let url: string
  let hits: { method: string; path: string }[] = []
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => {}
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push({ method: req.method ?? '', path: req.url ?? '' })
      handler(req, res)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })
  const reset = (h: typeof handler) => {
    hits = []
    handler = h
  }
  const unavailableOnce = () => {
    let n = 0
    return (_req: IncomingMessage, res: ServerResponse) => {
      if (n++ === 0) {
        res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' })
        res.end('{"success":false,"error":{"code":"UNAVAILABLE","message":"busy"}}')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"success":true,"data":[{"name":"a:read","description":"A"}]}')
    }
  }

  test('GET is retried on 503 honouring Retry-After', async () => {
    reset(unavailableOnce())
    expect(await new TokenApiClient(url, 'x').scopes()).toEqual([{ name: 'a:read', description: 'A' }])
    expect(hits.map((h) => h.method)).toEqual(['GET', 'GET'])
  })

  test('POST is never retried', async () => {
    reset(unavailableOnce())
    const e = await failure(new TokenApiClient(url, 'x').createKey({ name: 'n', scopes: ['a'], expiresAt: null }))
    expect(e.toKeywardError().code).toBe('SERVER')
    expect(hits.map((h) => h.method)).toEqual(['POST'])
  })

  test('a server that never answers hits the deadline → Timeout naming the host', async () => {
    reset(() => {})
    const e = await failure(new TokenApiClient(url, 'x', { deadlineMs: 300 }).me())
    expect(e.toKeywardError().code).toBe('TIMEOUT')
    expect(e.message).toContain(new URL(url).host)
  })

  test('a response that is not Token API JSON is a clear server error', async () => {
    reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>login</html>')
    })
    const e = await failure(new TokenApiClient(url, 'x').me())
    expect(e.message).toContain('did not answer like a Token API v1 server')
  })

  test('a key whose id is not a Token API key id (e.g. "credential") is a server error, in lists and single answers', async () => {
    const key = { id: 'credential', name: 'evil', prefix: 'sk_test_', hint: 'abcd', scopes: [], created_at: '2026-01-01T00:00:00Z', last_used: null, expires_at: null, revoked_at: null, status: 'active' }
    reset((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(req.url?.startsWith('/v1/api-keys?') ? { success: true, data: [key], next_cursor: null } : { success: true, data: key }))
    })
    expect((await failure(new TokenApiClient(url, 'x').listKeys())).toKeywardError().code).toBe('SERVER')
    expect((await failure(new TokenApiClient(url, 'x').getKey('key_1'))).toKeywardError().code).toBe('SERVER')
  })

  test('the next page is asked for while a page is checked; a bad item fails the listing with its own error', async () => {
    const good = { id: 'key_good', name: 'ok', prefix: 'sk_test_', hint: 'abcd', scopes: [], created_at: '2026-01-01T00:00:00Z', last_used: null, expires_at: null, revoked_at: null, status: 'active' }
    reset((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const page = new URL(req.url ?? '/', url).searchParams.get('cursor')
      if (page === null) res.end(JSON.stringify({ success: true, data: [good], next_cursor: 'p2' }))
      // Page 2 holds an item that is not a Token API key; page 3 is asked for before that is found.
      else if (page === 'p2') res.end(JSON.stringify({ success: true, data: [{ ...good, id: 'credential' }], next_cursor: 'p3' }))
      else res.end('not json')
    })
    const e = await failure(new TokenApiClient(url, 'x').listKeys())
    expect(e.toKeywardError().code).toBe('SERVER')
    expect(e.message).not.toContain('not JSON')
    await vi.waitFor(() => expect(hits.map((h) => new URL(h.path, url).searchParams.get('cursor'))).toEqual([null, 'p2', 'p3']))
  })

  const wireKey = (id: string) => ({ id, name: id, prefix: 'sk_test_', hint: 'abcd', scopes: [], created_at: '2026-01-01T00:00:00Z', last_used: null, expires_at: null, revoked_at: null, status: 'active' })
  const cursorOf = (req: IncomingMessage) => new URL(req.url ?? '/', url).searchParams.get('cursor')

  test('the next page a Link head names is asked for before this page’s body has arrived', async () => {
    let nextAsked = () => {}
    const asked = new Promise<void>((r) => (nextAsked = r))
    reset((req, res) => {
      if (cursorOf(req) === null) {
        res.writeHead(200, { 'content-type': 'application/json', link: '</v1/api-keys?status=all&limit=1000&cursor=p2>; rel="next"' })
        const body = JSON.stringify({ success: true, data: [wireKey('key_a')], next_cursor: 'p2' })
        // The rest of page 1 only comes once page 2 has been asked for: a client that reads the
        // whole body before asking waits here until its deadline.
        res.write(body.slice(0, 10))
        void asked.then(() => res.end(body.slice(10)))
      } else {
        nextAsked()
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ success: true, data: [wireKey('key_b')], next_cursor: null }))
      }
    })
    const keys = await new TokenApiClient(url, 'x', { deadlineMs: 3000, maxRetries: 0 }).listKeys()
    expect(keys.map((k) => k.id)).toEqual(['key_a', 'key_b'])
  })

  test('of a Link head only the cursor is used, at the profile’s own address; a head the body contradicts is overruled', async () => {
    const elsewhere: string[] = []
    const other = createServer((req, res) => {
      elsewhere.push(`${req.url} ${req.headers.authorization}`)
      res.end()
    })
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r))
    const otherPort = (other.address() as AddressInfo).port
    let strayClosed = false
    try {
      reset((req, res) => {
        const cursor = cursorOf(req)
        if (cursor === null) {
          // The head names a page on another server; the body names another page.
          res.writeHead(200, { 'content-type': 'application/json', link: `<http://127.0.0.1:${otherPort}/steal?cursor=p9>; rel="next"` })
          res.end(JSON.stringify({ success: true, data: [wireKey('key_a')], next_cursor: 'p2' }))
        } else if (cursor === 'p9') {
          // Not wanted in the end: ~16 MB, more than the sockets buffer, so this answer only ends
          // if the client drains it or lets the connection go.
          res.writeHead(200, { 'content-type': 'application/json' })
          res.on('close', () => (strayClosed = true))
          res.end(`{"success":true,"data":[${Array.from({ length: 80_000 }, () => JSON.stringify(wireKey('key_wrong'))).join(',')}],"next_cursor":null}`)
        } else {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ success: true, data: [wireKey('key_b')], next_cursor: null }))
        }
      })
      const keys = await new TokenApiClient(url, 'x').listKeys()
      expect(keys.map((k) => k.id)).toEqual(['key_a', 'key_b'])
      expect(elsewhere).toEqual([])
      expect(hits.map((h) => h.path).sort()).toEqual([
        '/v1/api-keys?status=all&limit=1000',
        '/v1/api-keys?status=all&limit=1000&cursor=p2',
        '/v1/api-keys?status=all&limit=1000&cursor=p9',
      ])
      await vi.waitFor(() => expect(strayClosed).toBe(true))
    } finally {
      await new Promise((r) => other.close(r))
    }
  })

  test('an empty next_cursor ends the list, like null', async () => {
    reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ success: true, data: [wireKey('key_a')], next_cursor: '' }))
    })
    expect((await new TokenApiClient(url, 'x').listKeys()).map((k) => k.id)).toEqual(['key_a'])
    expect(hits).toHaveLength(1)
  })

  test('a connection reset on GET is retried', async () => {
    let n = 0
    reset((req, res) => {
      if (n++ === 0) {
        req.socket.destroy()
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"success":true,"data":[]}')
    })
    expect(await new TokenApiClient(url, 'x').scopes()).toEqual([])
    expect(hits).toHaveLength(2)
  })
})

test('nothing listening → Network error naming the host', async () => {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as AddressInfo).port
  await new Promise((r) => probe.close(r))
  const e = await failure(new TokenApiClient(`http://127.0.0.1:${port}`, 'x').me())
  expect(e.toKeywardError().code).toBe('NETWORK')
  expect(e.message).toContain(`127.0.0.1:${port}`)
})

test('nextCursorFromLink reads the cursor of the rel="next" link only', () => {
  expect(nextCursorFromLink('</v1/api-keys?status=all&limit=1000&cursor=WzE3LCJrZXlfYSJd>; rel="next"')).toBe('WzE3LCJrZXlfYSJd')
  // GitHub's form: absolute links, several relations, next not first.
  expect(nextCursorFromLink('<https://h/x?cursor=a>; rel="prev", <https://h/x?cursor=b&limit=2>; rel="next", <https://h/x?cursor=z>; rel="last"')).toBe('b')
  expect(nextCursorFromLink('<https://h/x?cursor=a,b>; rel=next')).toBe('a,b')
  expect(nextCursorFromLink('<https://h/x?cursor=c>; title="next"; rel="prefetch next"')).toBe('c')
  expect(nextCursorFromLink(['<https://h/x?cursor=a>; rel="prev"', '<https://h/x?cursor=d>; rel="next"'])).toBe('d')
  expect(nextCursorFromLink('<https://h/x?cursor=a>; rel="prev"')).toBeNull()
  expect(nextCursorFromLink('<https://h/x?page=2>; rel="next"')).toBeNull()
  expect(nextCursorFromLink('<https://h/x?cursor=>; rel="next"')).toBeNull()
  expect(nextCursorFromLink('rel="next"')).toBeNull()
  expect(nextCursorFromLink(undefined)).toBeNull()
  expect(nextCursorFromLink('')).toBeNull()
})
