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

describe('isLoopbackHost, octet by octet', () => {
  test.each(['127.0.0.0', '127.0.0.9', '127.0.0.10', '127.0.0.99', '127.0.0.100', '127.0.0.199', '127.0.0.200', '127.0.0.249', '127.0.0.250', '127.255.255.255', '127.1.22.133'])(
    '%s is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  )
  test.each(['127.0.0.01', '127.0.0.260', '127.0.0.300', '127.0.0.1000', '127.0.0', '127.0.0.1.2', 'a127.0.0.1', '127.0.0.1a', '127.0.0.a', '127.0.0.-1', '127x0.0.1', '1127.0.0.1', '::2', '[::1]x'])(
    '%s is not loopback',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  )
})

describe('checkBaseUrl, what the user reads', () => {
  const notHttps = { ok: false, reason: 'not-https', message: 'The base URL must use https:// (plain http:// is only allowed for localhost and 127.0.0.1).' }

  test('https anywhere, normalised: trimmed, lower-case host, no trailing slashes, path and port kept', () => {
    expect(checkBaseUrl('  https://API.Example.com/  ')).toEqual({ ok: true, url: 'https://api.example.com' })
    // Copied from a web page or a document: no-break spaces and a byte-order mark around the URL.
    expect(checkBaseUrl('\u00a0https://api.example.com\ufeff')).toEqual({ ok: true, url: 'https://api.example.com' })
    expect(checkBaseUrl('https://api.example.com:8443/v1//')).toEqual({ ok: true, url: 'https://api.example.com:8443/v1' })
    expect(checkBaseUrl('https://api.example.com/v1/tokens')).toEqual({ ok: true, url: 'https://api.example.com/v1/tokens' })
    expect(checkBaseUrl('http://localhost:4010/api/')).toEqual({ ok: true, url: 'http://localhost:4010/api' })
  })

  test('plain http to any other host, and other schemes even to loopback, are refused', () => {
    expect(checkBaseUrl('http://api.example.com')).toEqual(notHttps)
    // The loopback pattern is anchored: a name that only starts like 127.0.0.1 is someone else's host.
    expect(checkBaseUrl('http://127.0.0.1.evil.com')).toEqual(notHttps)
    expect(checkBaseUrl('ftp://127.0.0.1')).toEqual(notHttps)
    expect(checkBaseUrl('file:///etc/passwd')).toEqual(notHttps)
  })

  test('a user name or a password alone is refused too', () => {
    const credentials = { ok: false, reason: 'credentials', message: 'The base URL must not contain a user name or password.' }
    expect(checkBaseUrl('https://user@example.com')).toEqual(credentials)
    expect(checkBaseUrl('https://:secret@example.com')).toEqual(credentials)
    expect(checkBaseUrl('http://user:pw@localhost:4010')).toEqual(credentials)
  })

  test('what is not a URL says what one looks like', () => {
    const notAUrl = { ok: false, reason: 'not-a-url', message: 'The base URL is not a valid URL, e.g. https://api.example.com.' }
    expect(checkBaseUrl('')).toEqual(notAUrl)
    expect(checkBaseUrl('https://')).toEqual(notAUrl)
  })
})
