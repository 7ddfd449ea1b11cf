import { describe, expect, test } from 'vitest'
import { KeywardError } from './errors'
import { baseUrlMistake, normalizeBaseUrl, profileWarnings } from './profile-rules'

describe('normalizeBaseUrl', () => {
  test.each([
    ['https://api.example.com/', 'https://api.example.com'],
    ['  https://api.example.com/base/ ', 'https://api.example.com/base'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
    ['http://127.0.0.2:4010', 'http://127.0.0.2:4010'],
  ])('%s is allowed', (input, expected) => expect(normalizeBaseUrl(input)).toBe(expected))

  test.each(['http://api.example.com', 'ftp://example.com', 'not a url', 'https://user:pw@example.com', 'http://10.0.0.1', 'http://api.localhost:4010', 'http://localhost.example.com'])('%s is refused', (input) => {
    expect(() => normalizeBaseUrl(input)).toThrow(KeywardError)
  })

  /** What crosses IPC to the profile dialog when a URL is refused. */
  const refusal = (input: string) => {
    try {
      normalizeBaseUrl(input)
    } catch (error) {
      if (error instanceof KeywardError) return error.toIpcError()
      throw error
    }
    throw new Error(`${input} was accepted`)
  }

  test('each refusal says why, for the form and for the field', () => {
    expect(refusal('api.example.com')).toEqual({
      code: 'INVALID_REQUEST',
      message: 'The base URL is not a valid URL, e.g. https://api.example.com.',
      details: [{ field: 'baseUrl', message: 'not a URL' }],
    })
    expect(refusal('https://user@example.com')).toEqual({
      code: 'INVALID_REQUEST',
      message: 'The base URL must not contain a user name or password.',
      details: [{ field: 'baseUrl', message: 'credentials in URL' }],
    })
    expect(refusal('http://127.0.0.1.evil.com')).toEqual({
      code: 'INVALID_REQUEST',
      message: 'The base URL must use https:// (plain http:// is only allowed for localhost and 127.0.0.1).',
      details: [{ field: 'baseUrl', message: 'must be https' }],
    })
  })
})

describe('profileWarnings', () => {
  const org = (environment: 'dev' | 'staging' | 'prod', status: 'active' | 'suspended' = 'active') => ({ id: 'org_1', name: 'Acme', environment, status })
  test('a matching credential raises nothing', () => {
    expect(profileWarnings('dev', org('dev'), 'sk_test_')).toEqual([])
    expect(profileWarnings('prod', org('prod'), 'sk_live_')).toEqual([])
  })
  test('organization environment mismatch', () => {
    expect(profileWarnings('dev', org('prod'), 'sk_test_')).toEqual(['This profile is marked dev, but its credential belongs to the prod organization "Acme".'])
  })
  test('a live key on staging and a test key on prod', () => {
    expect(profileWarnings('staging', org('staging'), 'sk_live_')).toEqual(['A live key (sk_live_) is used on a staging profile. Use a test key (sk_test_) outside production.'])
    expect(profileWarnings('dev', org('dev'), 'sk_live_')).toEqual(['A live key (sk_live_) is used on a dev profile. Use a test key (sk_test_) outside production.'])
    expect(profileWarnings('prod', org('prod'), 'sk_test_')).toEqual(['A test key (sk_test_) is used on a prod profile. Production should use a live key (sk_live_).'])
    expect(profileWarnings('staging', org('staging'), 'sk_test_')).toEqual([])
  })
  test('a suspended organization', () => {
    expect(profileWarnings('dev', org('dev', 'suspended'), 'sk_test_')).toEqual(['The organization "Acme" is suspended.'])
  })
  test('no organization known yet (credential not checked): only the key type is judged', () => {
    expect(profileWarnings('prod', null, 'sk_live_')).toEqual([])
    expect(profileWarnings('dev', null, null)).toEqual([])
    expect(profileWarnings('prod', null, 'sk_test_')).toEqual(['A test key (sk_test_) is used on a prod profile. Production should use a live key (sk_live_).'])
    expect(profileWarnings('prod', org('prod'), null)).toEqual([])
  })
  test('every problem is listed at once, in a stable order', () => {
    expect(profileWarnings('staging', org('prod', 'suspended'), 'sk_live_')).toEqual([
      'This profile is marked staging, but its credential belongs to the prod organization "Acme".',
      'A live key (sk_live_) is used on a staging profile. Use a test key (sk_test_) outside production.',
      'The organization "Acme" is suspended.',
    ])
  })
})

describe('baseUrlMistake', () => {
  test('a path on the base URL, when the server said not found', () => {
    expect(baseUrlMistake('https://api.example.com/v1', 'not-found')).toBe(
      "The base URL ends in a path (/v1), but Keyward adds the API’s paths (/v1/…) itself, so the server was asked for /v1/v1/…. Try https://api.example.com as the base URL.",
    )
    expect(baseUrlMistake('http://127.0.0.1:4010/api/v1/', 'not-found')).toContain('(/api/v1)')
    expect(baseUrlMistake('http://127.0.0.1:4010/api/v1/', 'not-found')).toContain('Try http://127.0.0.1:4010 as')
    // No path: a real "not found" from the server, its own message stands.
    expect(baseUrlMistake('https://api.example.com', 'not-found')).toBeNull()
    expect(baseUrlMistake('https://api.example.com/', 'not-found')).toBeNull()
  })

  test('https to a server without TLS, and http to one that expects it', () => {
    expect(baseUrlMistake('https://127.0.0.1:4010', 'wrong-protocol')).toBe('The server at 127.0.0.1:4010 does not speak https. If it is a local server without TLS, use http://127.0.0.1:4010.')
    expect(baseUrlMistake('http://localhost:8443/base', 'wrong-protocol')).toBe('The server at localhost:8443 did not answer plain http; it may expect https. Try https://localhost:8443/base.')
  })

  test('a port nothing listens on, the default port named when none is given', () => {
    expect(baseUrlMistake('http://127.0.0.1:4011', 'refused')).toBe('Nothing answers at 127.0.0.1 on port 4011. Check the port in the base URL.')
    expect(baseUrlMistake('https://api.example.com', 'refused')).toBe('Nothing answers at api.example.com on port 443. Check the port in the base URL.')
    expect(baseUrlMistake('http://localhost', 'refused')).toBe('Nothing answers at localhost on port 80. Check the port in the base URL.')
  })
})
