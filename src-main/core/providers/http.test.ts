/** The shared provider HTTP: redaction, Retry-After in both forms, transport failures as ProviderErrors. */
import { afterAll, describe, expect, test } from 'vitest'
import { closeAllPools } from '../api-client'
import { sendJson, startFixture } from '../testing/http-fixture'
import { ProviderError, retryAfterSeconds } from './errors'
import { ProviderHttp, redact } from './http'

afterAll(() => closeAllPools())

describe('provider HTTP', () => {
  test('redact replaces every occurrence of every secret of 4+ characters', () => {
    expect(redact('a=hunter22 b=hunter22 c=otp123', ['hunter22', 'otp123', 'x'])).toBe('a=[redacted] b=[redacted] c=[redacted]')
  })

  test('Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-06-01T12:00:00Z')
    expect(retryAfterSeconds('7', now)).toBe(7)
    expect(retryAfterSeconds('Mon, 01 Jun 2026 12:01:30 GMT', now)).toBe(90)
    expect(retryAfterSeconds('soon', now)).toBeUndefined()
    expect(retryAfterSeconds(undefined, now)).toBeUndefined()
  })

  test('a request sends the auth header only when asked, and the log line names neither it nor the body', async () => {
    const fx = await startFixture((_req, res) => sendJson(res, 200, { ok: true }))
    const logs: string[] = []
    const http = new ProviderHttp(`${fx.url}/base`, { authorization: 'Bearer s3cret-token' }, ['s3cret-token'], { log: (l) => logs.push(l) }, { 'user-agent': 'Keyward' })
    const res = await http.request('POST', '/thing?x=1', { body: { password: 'pw-secret-1' }, secrets: ['pw-secret-1'] })
    await http.request('POST', '/anon', { auth: false })
    await fx.close()
    expect(res).toMatchObject({ status: 200, json: { ok: true } })
    expect(fx.requests.map((r) => [r.url, r.headers.authorization, r.headers['user-agent']])).toEqual([
      ['/base/thing?x=1', 'Bearer s3cret-token', 'Keyward'],
      ['/base/anon', undefined, 'Keyward'],
    ])
    expect(logs).toHaveLength(2)
    expect(logs[0]).toMatch(/^POST 127\.0\.0\.1:\d+\/thing\?x=1 → 200 \(\d+ ms\)$/)
    for (const l of logs) expect(l).not.toMatch(/s3cret|pw-secret/)
  })

  test('nothing listening → NETWORK, unreachable, naming the host only', async () => {
    const http = new ProviderHttp('http://127.0.0.1:9', { authorization: 'Bearer s3cret-token' }, ['s3cret-token'], { maxRetries: 0 })
    const e = await http.request('GET', '/x').then(
      () => null,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(ProviderError)
    expect((e as ProviderError).toIpcError()).toEqual({ code: 'NETWORK', message: "Could not reach 127.0.0.1:9 (ECONNREFUSED). Check your connection and the profile’s base URL." })
    expect((e as ProviderError).unreachable).toBe(true)
  })
})
