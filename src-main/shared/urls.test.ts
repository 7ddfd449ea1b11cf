import { describe, expect, test } from 'vitest'
import { checkBaseUrl, isLoopbackHost } from './urls'

describe('isLoopbackHost', () => {
  test.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.0.0.2', '127.255.10.1', '[::1]', '::1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true)
  })
  // Names under .localhost may be resolved through DNS; only literal addresses and localhost itself count.
  test.each(['api.localhost', 'a.b.localhost', 'localhost.', 'localhost.example.com', '127.0.0.1.nip.io', '128.0.0.1', '127.0.0.256', '[::2]', '10.0.0.1', ''])(
    '%s is not loopback',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  )
})

describe('checkBaseUrl', () => {
  test('plain http is accepted for literal loopback addresses, after URL canonicalisation', () => {
    expect(checkBaseUrl('http://127.1:4010/')).toEqual({ ok: true, url: 'http://127.0.0.1:4010' })
    expect(checkBaseUrl('http://[0:0:0:0:0:0:0:1]:9000')).toEqual({ ok: true, url: 'http://[::1]:9000' })
  })
  test('http://*.localhost is refused with the https reason', () => {
    expect(checkBaseUrl('http://api.localhost:4010')).toMatchObject({ ok: false, reason: 'not-https' })
  })
  test('user and password in the URL are refused', () => {
    expect(checkBaseUrl('https://user:pw@example.com')).toMatchObject({ ok: false, reason: 'credentials' })
  })
  test('not a URL', () => expect(checkBaseUrl('api.example.com')).toMatchObject({ ok: false, reason: 'not-a-url' }))
})
