/** The client's words for the server's round-2 refusals (issue 11), against the real Token API on loopback. */
import { expect, test } from 'vitest'
import { connect } from 'node:net'
import { request } from 'undici'
import { TokenApiClient } from './api-client'
import { startFixture } from './testing/http-fixture'
import { apiFailure as failure, useTokenApi } from './testing/token-api'

const server = useTokenApi({ timeouts: { requestMs: 300 } })

test('409 KEY_ALREADY_ROTATED names the successor instead of "no longer active"', async () => {
  const client = new TokenApiClient(server.api.url, server.admin)
  const created = await client.createKey({ name: 'rotated twice', scopes: ['dns:read'], expiresAt: null })
  const first = await client.rotateKey(created.key.id, 3600)
  const ipc = (await failure(client.rotateKey(created.key.id, 3600))).toKeywardError().toIpcError()
  expect(ipc).toEqual({
    code: 'KEY_ALREADY_ROTATED',
    successorId: first.key.id,
    message: `This token was already rotated: its replacement is ${first.key.id}. It keeps working until its grace period ends; rotate the replacement instead.`,
  })
})

test('403 IP_RANGE_NOT_HELD says the credential is limited to its ranges, not that a scope is missing', async () => {
  const res = await request(`${server.api.url}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'loopback only', scopes: ['api_keys:read', 'api_keys:write', 'dns:read'], allowed_ips: ['127.0.0.1/32'] }),
  })
  const limited = ((await res.body.json()) as { data: { secret: string } }).data.secret
  const ipc = (await failure(new TokenApiClient(server.api.url, limited).createKey({ name: 'anywhere', scopes: ['dns:read'], expiresAt: null })))
    .toKeywardError()
    .toIpcError()
  expect(ipc.code).toBe('IP_RANGE_NOT_HELD')
  expect(ipc.message).toContain('may only be used from 127.0.0.1/32')
  expect(ipc.message).not.toMatch(/scope/i)
})

test('403 EXPIRY_BEYOND_CALLER gives the latest expiry allowed', async () => {
  const end = new Date(Date.now() + 86_400_000).toISOString()
  const [short] = await server.api.bulkInsertKeys(server.devOrg, [{ name: 'short lived', scopes: ['api_keys:read', 'api_keys:write', 'dns:read'], expiresAt: end }])
  const client = new TokenApiClient(server.api.url, short?.secret ?? '')
  const ipc = (await failure(client.createKey({ name: 'forever', scopes: ['dns:read'], expiresAt: null }))).toKeywardError().toIpcError()
  expect(ipc.code).toBe('EXPIRY_BEYOND_CALLER')
  expect(ipc.latestExpiresAt).toBe(end)
  expect(ipc.message).toContain(`Choose an earlier expiry (at or before ${end})`)
  // Rotating itself without an expiry is refused the same way.
  const self = await failure(client.rotateKey(short?.id ?? '', 0))
  expect(self.toKeywardError().code).toBe('EXPIRY_BEYOND_CALLER')
})

test('408 REQUEST_TIMEOUT (the real server\'s answer to a held-back body) is a timeout that says nothing changed', async () => {
  // Record what the real server sends when a body is held back past its request timeout…
  const raw = await new Promise<string>((resolve, reject) => {
    const url = new URL(server.api.url)
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`POST /v1/api-keys HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${server.admin}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`)
    })
    let out = ''
    socket.on('data', (d) => (out += d.toString()))
    socket.on('close', () => resolve(out))
    socket.on('error', reject)
  })
  expect(raw).toMatch(/^HTTP\/1\.1 408/)
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4)
  expect(JSON.parse(body).error.code).toBe('REQUEST_TIMEOUT')
  // …and replay it to the client (which itself always sends its body at once).
  const replay = await startFixture((_req, res) => {
    res.writeHead(408, { 'content-type': 'application/json' })
    res.end(body)
  })
  try {
    const host = new URL(replay.url).host
    const ipc = (await failure(new TokenApiClient(replay.url, 'x').createKey({ name: 'n', scopes: [], expiresAt: null }))).toKeywardError().toIpcError()
    expect(ipc).toEqual({ code: 'TIMEOUT', message: `${host} gave up waiting for the request to arrive (HTTP 408). Nothing was changed; check your connection and try again.` })
  } finally {
    await replay.close()
  }
})
