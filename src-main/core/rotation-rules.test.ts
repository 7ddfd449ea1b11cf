import { describe, expect, test } from 'vitest'
import type { ApiKey } from '../shared/models'
import {
  CLOCK_SKEW_MS,
  CREDENTIAL_SAFETY_GRACE_SECONDS,
  SAFETY_GRACE_SECONDS,
  apiGraceSeconds,
  findReplacement,
  oldKeyEndsAt,
  oldTokenFate,
  revokesOldKey,
} from './rotation-rules'

const key = (id: string, name: string, createdAt: string): ApiKey => ({
  id,
  name,
  prefix: 'sk_test_',
  hint: 'abcd',
  scopes: ['dns:read'],
  createdAt,
  lastUsed: null,
  expiresAt: null,
  revokedAt: null,
  status: 'active',
  allowedIps: [],
})

describe('the grace asked of the API', () => {
  test('the user’s grace, whatever it is, for a token and for a credential', () => {
    expect(apiGraceSeconds(1, false)).toBe(1)
    expect(apiGraceSeconds(1, true)).toBe(1)
    expect(apiGraceSeconds(86_400, true)).toBe(86_400)
  })

  test('no grace: one hour for a token, the API’s longest (7 days) for the profile’s own credential', () => {
    expect(SAFETY_GRACE_SECONDS).toBe(3600)
    expect(CREDENTIAL_SAFETY_GRACE_SECONDS).toBe(7 * 24 * 3600)
    expect(apiGraceSeconds(0, false)).toBe(3600)
    expect(apiGraceSeconds(0, true)).toBe(604_800)
  })
})

describe('when the old key ends', () => {
  const now = Date.parse('2026-06-01T12:00:00.000Z')

  test('at the grace’s end when it has no expiry', () => {
    expect(oldKeyEndsAt(now, 3600, null)).toBe('2026-06-01T13:00:00.000Z')
    expect(oldKeyEndsAt(now, 0, null)).toBe('2026-06-01T12:00:00.000Z')
  })

  test('at its own expiry when that comes first, to the millisecond', () => {
    expect(oldKeyEndsAt(now, 3600, '2026-06-01T12:59:59.999Z')).toBe('2026-06-01T12:59:59.999Z')
    expect(oldKeyEndsAt(now, 3600, '2026-06-01T13:00:00.001Z')).toBe('2026-06-01T13:00:00.000Z')
    expect(oldKeyEndsAt(now, 3600, '2026-06-01T14:00:00+01:00')).toBe('2026-06-01T13:00:00.000Z')
  })
})

describe('revoking the old key at once', () => {
  test('only with no grace asked, and never while the profile still runs on it', () => {
    expect(revokesOldKey(0, false)).toBe(true)
    expect(revokesOldKey(0, true)).toBe(false)
    expect(revokesOldKey(1, false)).toBe(false)
    expect(revokesOldKey(3600, true)).toBe(false)
  })
})

describe('finding the replacement of a rotation whose answer was lost', () => {
  const entry = { oldTokenId: 'key_old', tokenName: 'Deploy bot', startedAt: '2026-06-01T12:00:10.000Z' }

  test('another key of the same name created since the start, allowing 5 s of clock skew', () => {
    expect(CLOCK_SKEW_MS).toBe(5000)
    expect(findReplacement([key('key_new', 'Deploy bot', '2026-06-01T12:00:05.000Z')], entry)).toBe('key_new')
    expect(findReplacement([key('key_new', 'Deploy bot', '2026-06-01T12:00:04.999Z')], entry)).toBeNull()
    expect(findReplacement([key('key_new', 'Deploy bot', '2026-06-01T12:30:00.000Z')], entry)).toBe('key_new')
  })

  test('never the old key itself, nor a key of another name', () => {
    expect(findReplacement([key('key_old', 'Deploy bot', '2026-06-01T12:00:11.000Z')], entry)).toBeNull()
    expect(findReplacement([key('key_x', 'Deploy bot 2', '2026-06-01T12:00:11.000Z')], entry)).toBeNull()
    expect(findReplacement([], entry)).toBeNull()
  })

  test('the first match in the API’s order when there are several', () => {
    const keys = [
      key('key_old', 'Deploy bot', '2026-06-01T12:00:11.000Z'),
      key('key_other', 'CI', '2026-06-01T12:00:11.000Z'),
      key('key_a', 'Deploy bot', '2026-06-01T12:00:12.000Z'),
      key('key_b', 'Deploy bot', '2026-06-01T12:00:13.000Z'),
    ]
    expect(findReplacement(keys, entry)).toBe('key_a')
  })
})

describe('what the user is told about the old token', () => {
  test('an active one keeps working until its end, or until it expires when the end is unknown', () => {
    expect(oldTokenFate({ status: 'active' }, '2026-06-01T13:00:00.000Z')).toBe('keeps working until 2026-06-01T13:00:00.000Z')
    expect(oldTokenFate({ status: 'active' }, null)).toBe('keeps working until it expires')
  })

  test('a revoked, expired or vanished one no longer works', () => {
    expect(oldTokenFate({ status: 'revoked' }, '2026-06-01T13:00:00.000Z')).toBe('no longer works')
    expect(oldTokenFate({ status: 'expired' }, null)).toBe('no longer works')
    expect(oldTokenFate(null, '2026-06-01T13:00:00.000Z')).toBe('no longer works')
  })
})
