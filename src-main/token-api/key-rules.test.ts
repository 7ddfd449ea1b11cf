/** What a key may hand out, as the API client reads it: the error code, message and fields of each refusal. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FieldError } from './errors'
import { KeyLedger, type KeyRecord, type NewKeySpec } from './key-ledger'
import { MAX_EXPIRY_DAYS, parseExpiry, requireLife, requireReach, requireScopes } from './key-rules'

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0)
const DAY = 86_400_000

let dir: string
let mint: (spec: Omit<NewKeySpec, 'name' | 'createdMs'>) => KeyRecord
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-key-rules-'))
  const { ledger } = await KeyLedger.open(dir)
  const org = ledger.addOrganization('Acme', 'dev', NOW - DAY)
  mint = (spec) => ledger.mintKeys(org.id, [{ name: 'caller', createdMs: NOW - DAY, ...spec }])[0]!.key
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The refusal a rule throws, as the error envelope carries it. */
function refusal(fn: () => void) {
  try {
    fn()
  } catch (error) {
    const e = error as { status: number; code: string; message: string; extra: unknown }
    return { status: e.status, code: e.code, message: e.message, extra: e.extra }
  }
  throw new Error('the rule allowed it')
}

describe('parseExpiry', () => {
  const parse = (value: string | null | undefined) => {
    const details: FieldError[] = []
    const ms = parseExpiry(value, NOW, 'expires_at', details)
    return { ms, details }
  }
  const format = [{ field: 'expires_at', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2027-01-31T00:00:00Z' }]

  it('no expiry is null and no problem', () => {
    expect(parse(undefined)).toEqual({ ms: null, details: [] })
    expect(parse(null)).toEqual({ ms: null, details: [] })
  })

  it('accepts full date-times with a zone: seconds and fractions optional, Z or an offset', () => {
    for (const value of ['2027-01-31T00:00:00Z', '2027-01-31T00:00Z', '2027-01-31T00:00:00.5Z', '2027-01-31T00:00:00.123456789Z', '2027-01-31T01:00:00+01:00', '2027-01-30T23:00:00-01:00']) {
      expect(parse(value), value).toEqual({ ms: Date.parse(value), details: [] })
    }
    expect(parse('2027-01-31T01:00:00+01:00').ms).toBe(Date.UTC(2027, 0, 31))
  })

  it('refuses what Date.parse would guess at: no zone, bare dates, other separators, words', () => {
    for (const value of [
      'tomorrow',
      '2027-01-31',
      '2027-01-31T00:00:00',
      '2027-01-31 00:00:00Z',
      '2027-01-31T00:00:00z',
      '2027-01-31T00:00:00+0100',
      '2027-01-31T00:00:00.1234567890Z',
      '2027-01-31T00:00:00.Z',
      '+002027-01-31T00:00:00Z',
      '2027-1-31T00:00:00Z',
      '2027-01-31T0:00:00Z',
      '2027-01-31T00:0:00Z',
      '2027-01-31T00:00:0Z',
      '2027-01-31T00:00:00+1:00',
      '2027-01-31T00:00:00+01:0',
      '2027-01-31T00:00:00Z ',
      '',
    ]) {
      expect(parse(value).details, JSON.stringify(value)).toEqual(format)
    }
  })

  it('refuses a well-formed date that does not exist', () => {
    expect(parse('2027-13-01T00:00:00Z').details).toEqual(format)
  })

  it('must be in the future: now itself is already too late', () => {
    expect(parse(new Date(NOW).toISOString()).details).toEqual([{ field: 'expires_at', message: 'must be in the future' }])
    expect(parse(new Date(NOW - 1).toISOString()).details).toEqual([{ field: 'expires_at', message: 'must be in the future' }])
    expect(parse(new Date(NOW + 1).toISOString())).toEqual({ ms: NOW + 1, details: [] })
  })

  it(`may be at most ${MAX_EXPIRY_DAYS} days ahead, to the millisecond`, () => {
    const limit = NOW + 366 * DAY
    expect(MAX_EXPIRY_DAYS).toBe(366)
    expect(parse(new Date(limit).toISOString())).toEqual({ ms: limit, details: [] })
    expect(parse(new Date(limit + 1).toISOString()).details).toEqual([{ field: 'expires_at', message: 'must be at most 366 days ahead' }])
  })

  it('reports under the field it is given, after what is already there', () => {
    const details: FieldError[] = [{ field: 'name', message: 'must not be empty' }]
    parseExpiry('soon', NOW, 'body.expires_at', details)
    expect(details).toEqual([
      { field: 'name', message: 'must not be empty' },
      { field: 'body.expires_at', message: format[0]!.message },
    ])
  })
})

describe('requireScopes', () => {
  it('lets a key hand out scopes it holds, or none', () => {
    const caller = mint({ scopes: ['dns:read', 'dns:write', 'keys:write'] })
    expect(() => requireScopes(caller, ['dns:read', 'keys:write'])).not.toThrow()
    expect(() => requireScopes(caller, [])).not.toThrow()
  })

  it('names the first scope it lacks: 403 INSUFFICIENT_SCOPE with required_scope', () => {
    const caller = mint({ scopes: ['dns:read', 'keys:write'] })
    expect(refusal(() => requireScopes(caller, ['dns:read', 'dns:write', 'billing:read']))).toEqual({
      status: 403,
      code: 'INSUFFICIENT_SCOPE',
      message: 'A key cannot grant the dns:write scope it does not hold itself.',
      extra: { required_scope: 'dns:write' },
    })
    expect(refusal(() => requireScopes(caller, ['billing:read'], 'revoke a key with')).message).toBe(
      'A key cannot revoke a key with the billing:read scope it does not hold itself.',
    )
  })
})

describe('requireReach', () => {
  it('a key usable from anywhere may hand out any reach', () => {
    const caller = mint({ scopes: [], allowedIps: [] })
    expect(() => requireReach(caller, [])).not.toThrow()
    expect(() => requireReach(caller, ['0.0.0.0/0'])).not.toThrow()
  })

  it('a limited key may hand out only ranges inside its own', () => {
    const caller = mint({ scopes: [], allowedIps: ['10.0.0.0/8', '2001:db8::/32'] })
    expect(() => requireReach(caller, ['10.1.0.0/16'])).not.toThrow()
    expect(() => requireReach(caller, ['10.0.0.0/8', '2001:db8:1::/48'])).not.toThrow()
    expect(refusal(() => requireReach(caller, ['10.1.0.0/16', '192.168.0.0/16', '172.16.0.0/12']))).toEqual({
      status: 403,
      code: 'IP_RANGE_NOT_HELD',
      message:
        'This API key may only be used from 10.0.0.0/8, 2001:db8::/32, so the keys it creates or rotates must be limited to ' +
        'addresses inside those ranges; 192.168.0.0/16 is not.',
      extra: { allowed_ips: ['10.0.0.0/8', '2001:db8::/32'] },
    })
  })

  it('a limited key cannot hand out a key usable from anywhere', () => {
    const caller = mint({ scopes: [], allowedIps: ['10.0.0.0/8'] })
    expect(refusal(() => requireReach(caller, [])).message).toBe(
      'This API key may only be used from 10.0.0.0/8, so the keys it creates or rotates must be limited to addresses inside those ranges; any address (empty allowed_ips) is not.',
    )
  })
})

describe('requireLife', () => {
  it('a key that never expires may hand out any life, endless included', () => {
    const caller = mint({ scopes: [], expiresMs: null })
    expect(() => requireLife(caller, null)).not.toThrow()
    expect(() => requireLife(caller, NOW + 365 * DAY)).not.toThrow()
  })

  it('a key that expires may hand out keys that expire no later, the same moment included', () => {
    const end = NOW + 30 * DAY
    const caller = mint({ scopes: [], expiresMs: end })
    expect(() => requireLife(caller, end)).not.toThrow()
    expect(() => requireLife(caller, end - DAY)).not.toThrow()
    const beyond = {
      status: 403,
      code: 'EXPIRY_BEYOND_CALLER',
      message: 'This API key expires at 2026-12-27T12:00:00.000Z, so the keys it creates or rotates must expire by then: give an expires_at at or before 2026-12-27T12:00:00.000Z.',
      extra: { expires_at: '2026-12-27T12:00:00.000Z' },
    }
    expect(refusal(() => requireLife(caller, end + 1))).toEqual(beyond)
    expect(refusal(() => requireLife(caller, null))).toEqual(beyond)
  })
})
