import { describe, expect, test } from 'vitest'
import { isLive, parseReference, referenceFor, resolveProfile, resolveToken, type ReferenceToken } from './reference'

const NOW = Date.parse('2026-06-01T00:00:00Z')
const token = (id: string, name: string, more: Partial<ReferenceToken> = {}): ReferenceToken => ({
  id,
  name,
  createdAt: '2026-01-01T00:00:00Z',
  expiresAt: null,
  revokedAt: null,
  status: 'active',
  ...more,
})

describe('parseReference', () => {
  test('splits at the first slash and decodes %-escapes', () => {
    expect(parseReference('keyward://Sandbox dev/CI deploy')).toEqual({ profile: 'Sandbox dev', token: 'CI deploy' })
    expect(parseReference('keyward://a%2Fb/c/d')).toEqual({ profile: 'a/b', token: 'c/d' })
  })
  test.each([['https://x/y'], ['keyward://'], ['keyward://only-profile'], ['keyward:///tok'], ['keyward://p/'], ['keyward://p/%E0%A4%A']])('refuses %s as a syntax error', (ref) => {
    expect(() => parseReference(ref)).toThrow(expect.objectContaining({ kind: 'syntax' }))
  })
})

describe('resolving', () => {
  const profiles = [
    { id: 'prf_1', name: 'Work' },
    { id: 'prf_2', name: 'work' },
    { id: 'prf_3', name: 'Home' },
  ]
  test('profiles by id or unique case-insensitive name; ambiguous and unknown list candidates', () => {
    expect(resolveProfile(profiles, 'HOME').id).toBe('prf_3')
    expect(resolveProfile(profiles, 'prf_2').id).toBe('prf_2')
    expect(() => resolveProfile(profiles, 'WORK')).toThrow('Profile "WORK" is ambiguous: Work (prf_1), work (prf_2). Use the profile id.')
    expect(() => resolveProfile(profiles, 'Play')).toThrow('No profile "Play". Profiles: Work (prf_1), work (prf_2), Home (prf_3).')
  })

  test('a name shared with dead tokens means the live one; two live ones are ambiguous; all dead gives the newest', () => {
    const rotated = [token('key_old', 'CI', { status: 'revoked', revokedAt: '2026-02-01T00:00:00Z' }), token('key_new', 'CI', { createdAt: '2026-02-01T00:00:00Z' })]
    expect(resolveToken(rotated, 'ci', NOW, 'Work').id).toBe('key_new')
    const grace = [token('key_old', 'CI', { expiresAt: '2026-06-02T00:00:00Z' }), token('key_new', 'CI')]
    expect(() => resolveToken(grace, 'CI', NOW, 'Work')).toThrow('Token "CI" in "Work" is ambiguous: CI (key_old, active), CI (key_new, active). Use the token id.')
    const dead = [token('key_a', 'X', { expiresAt: '2026-05-01T00:00:00Z' }), token('key_b', 'X', { createdAt: '2026-03-01T00:00:00Z', expiresAt: '2026-05-02T00:00:00Z' })]
    expect(resolveToken(dead, 'x', NOW, 'Work').id).toBe('key_b')
    expect(() => resolveToken(dead, 'y', NOW, 'Work')).toThrow('No token "y" in "Work". Tokens: X (key_a, expired), X (key_b, expired).')
  })

  test('expiry is checked against now, not the status Keyward last saw', () => {
    expect(isLive(token('k', 'n', { expiresAt: '2026-05-31T23:59:59Z' }), NOW)).toBe(false)
    expect(isLive(token('k', 'n', { expiresAt: '2026-06-01T00:00:01Z' }), NOW)).toBe(true)
  })

  test('the shown reference resolves back to its token: names where they are unique, ids where not', () => {
    const tokens = [token('key_1', 'Deploy'), token('key_2', 'Twin'), token('key_3', 'twin'), token('key_4', '100%')]
    const refs = tokens.map((t) => referenceFor(profiles, profiles[2]!, tokens, t, NOW))
    expect(refs).toEqual(['keyward://Home/Deploy', 'keyward://Home/key_2', 'keyward://Home/key_3', 'keyward://Home/100%25'])
    expect(referenceFor(profiles, profiles[0]!, tokens, tokens[0]!, NOW)).toBe('keyward://prf_1/Deploy')
    for (const [i, ref] of refs.entries()) {
      const parsed = parseReference(ref)
      expect(resolveToken(tokens, parsed.token, NOW, parsed.profile).id).toBe(tokens[i]!.id)
    }
    expect(parseReference(referenceFor([{ id: 'p', name: 'a/b' }], { id: 'p', name: 'a/b' }, tokens, tokens[0]!, NOW)).profile).toBe('a/b')
  })
})
