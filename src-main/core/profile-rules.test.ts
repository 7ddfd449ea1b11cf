import { describe, expect, test } from 'vitest'
import { KeywardError } from './errors'
import { normalizeBaseUrl, profileWarnings } from './profile-rules'

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
    expect(profileWarnings('staging', org('staging'), 'sk_live_')[0]).toContain('live key (sk_live_) is used on a staging profile')
    expect(profileWarnings('prod', org('prod'), 'sk_test_')[0]).toContain('test key (sk_test_) is used on a prod profile')
  })
  test('a suspended organization', () => {
    expect(profileWarnings('dev', org('dev', 'suspended'), 'sk_test_')).toEqual(['The organization "Acme" is suspended.'])
  })
})
