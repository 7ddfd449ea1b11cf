/** Any secret: no API; the record Keyward keeps from what the user entered, replace and forget. */
import { describe, expect, test } from 'vitest'
import { providerTokenSchema, secretEntrySchema } from '@shared/providers'
import { ProviderError } from '../errors'
import { anySecretProvider, newSecretId, parseScopes, replaceSecret, secretToken } from '.'

const NOW = new Date('2026-06-01T00:00:00Z')
const entry = secretEntrySchema.parse({
  name: 'Stripe billing',
  environment: 'prod',
  providerLabel: 'Stripe',
  scopes: 'charges:write, refunds:read\ncustomers',
  expiresAt: '2026-09-01T00:00:00Z',
  notes: 'rolled by finance',
})

describe('any secret', () => {
  test('the record shows what the user entered and only the last characters of the secret', () => {
    const id = newSecretId()
    const t = secretToken(id, entry, ' sk_live_abcdefghijklmnop1234 ', NOW)
    expect(t).toEqual({
      id,
      name: 'Stripe billing',
      prefix: 'sk_live_',
      hint: '…1234',
      scopes: ['charges:write', 'refunds:read', 'customers'],
      createdAt: NOW.toISOString(),
      lastUsed: null,
      expiresAt: '2026-09-01T00:00:00Z',
      revokedAt: null,
      status: 'active',
      allowedIps: [],
    })
    expect(JSON.stringify(t)).not.toContain('abcdefghijklmnop')
    expect(providerTokenSchema.parse(t)).toEqual(t)
    expect(id).toMatch(/^sec-[0-9a-f]{24}$/)
  })

  test('an expiry in the past reads as expired; replacing renews the record (new hint, age restarts)', () => {
    const old = secretToken('sec-1', { ...entry, expiresAt: '2026-05-01T00:00:00Z' }, 'old-secret-AAAA', new Date('2026-01-01T00:00:00Z'))
    expect(secretToken('sec-1', { ...entry, expiresAt: '2026-05-01T00:00:00Z' }, 'old-secret-AAAA', NOW).status).toBe('expired')
    const renewed = replaceSecret(old, entry, 'new-secret-BBBB', NOW)
    expect(renewed).toMatchObject({ id: 'sec-1', hint: '…BBBB', createdAt: NOW.toISOString(), status: 'active', expiresAt: '2026-09-01T00:00:00Z' })
  })

  test('entries are checked: a name and a provider label are required', () => {
    expect(secretEntrySchema.safeParse({ ...entry, name: '  ' }).success).toBe(false)
    expect(secretEntrySchema.safeParse({ ...entry, providerLabel: '' }).success).toBe(false)
    expect(parseScopes('  ')).toEqual([])
  })

  test('no API: identify, list, create, rotate refuse with their reasons; revoke (forget) needs nothing from a vendor', async () => {
    const s = anySecretProvider.connect({ baseUrl: null, credential: 'x' })
    for (const p of [s.identify(), s.list(), s.create({ name: 'x', scopes: [], expiresAt: null }), s.rotate('x', { graceSeconds: 0, expiresAt: null })]) {
      const e = await p.then(
        () => null,
        (err: unknown) => err,
      )
      expect(e).toBeInstanceOf(ProviderError)
      expect((e as ProviderError).code).toBe('NOT_SUPPORTED')
    }
    await expect(s.revoke({ id: 'sec-1' })).resolves.toBeUndefined()
  })

  test('looksLike names common dashboards’ formats and the environment Stripe’s give away', () => {
    expect(anySecretProvider.looksLike('sk_live_' + 'a'.repeat(24))).toEqual({ match: 'yes', kind: 'Stripe live secret key', environments: ['prod'] })
    expect(anySecretProvider.looksLike('sk-proj-' + 'a'.repeat(40))).toMatchObject({ kind: 'OpenAI API key' })
    expect(anySecretProvider.looksLike('AKIAIOSFODNN7EXAMPLE')).toMatchObject({ kind: 'AWS access key id' })
    expect(anySecretProvider.looksLike('hello')).toEqual({ match: 'unknown' })
  })
})
