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

describe('what the CLI user reads when a reference does not resolve', () => {
  const syntax = (ref: string) => {
    try {
      parseReference(ref)
    } catch (error) {
      const e = error as Error & { kind: string; candidates: readonly string[] }
      expect(e.name).toBe('BadReferenceError')
      expect(e.candidates).toEqual([])
      return { message: e.message, kind: e.kind }
    }
    throw new Error(`${ref} parsed`)
  }

  test('each syntax error names the reference and what is missing', () => {
    expect(syntax('https://x/y')).toEqual({ message: '"https://x/y" is not a Keyward reference (keyward://<profile>/<token>).', kind: 'syntax' })
    expect(syntax('keyward://only-profile')).toEqual({ message: '"keyward://only-profile" names no token: write keyward://<profile>/<token>.', kind: 'syntax' })
    expect(syntax('keyward://x')).toEqual({ message: '"keyward://x" names no token: write keyward://<profile>/<token>.', kind: 'syntax' })
    expect(syntax('keyward://p/')).toEqual({ message: '"keyward://p/" names no token: write keyward://<profile>/<token>.', kind: 'syntax' })
    expect(syntax('keyward:///tok')).toEqual({ message: '"keyward:///tok" names no profile: write keyward://<profile>/<token>.', kind: 'syntax' })
    expect(syntax('keyward://p/%E0%A4%A')).toEqual({ message: '"keyward://p/%E0%A4%A" has a broken %-escape.', kind: 'syntax' })
    expect(syntax('keyward://%E0%A4%A/t')).toEqual({ message: '"keyward://%E0%A4%A/t" has a broken %-escape.', kind: 'syntax' })
  })

  test('nothing to choose from is said as none, with the candidates listed on the error', () => {
    expect(() => resolveProfile([], 'Work')).toThrow(expect.objectContaining({ message: 'No profile "Work". Profiles: none.', kind: 'unknown', candidates: [] }))
    expect(() => resolveToken([], 'CI', NOW, 'Work')).toThrow(expect.objectContaining({ message: 'No token "CI" in "Work". Tokens: none.', kind: 'unknown', candidates: [] }))
    const tokens = [token('key_r', 'Old', { revokedAt: '2026-02-01T00:00:00Z' }), token('key_s', 'Gone', { status: 'revoked' }), token('key_a', 'CI')]
    expect(() => resolveToken(tokens, 'Deploy', NOW, 'Work')).toThrow(
      expect.objectContaining({ kind: 'unknown', candidates: ['Old (key_r, revoked)', 'Gone (key_s, revoked)', 'CI (key_a, active)'] }),
    )
  })

  test('an id wins over a name, for profiles and tokens alike', () => {
    const profiles = [
      { id: 'prf_1', name: 'prf_2' },
      { id: 'prf_2', name: 'Other' },
    ]
    expect(resolveProfile(profiles, 'prf_2').name).toBe('Other')
    const tokens = [token('key_1', 'key_2'), token('key_2', 'Other')]
    expect(resolveToken(tokens, 'key_2', NOW, 'Work').name).toBe('Other')
    // So a name that is another's id is shown by id.
    expect(referenceFor(profiles, profiles[0]!, tokens, tokens[0]!, NOW)).toBe('keyward://prf_1/key_1')
  })
})

describe('isLive', () => {
  test('revoked by status or by time, expired by status or by time, and live up to the last millisecond', () => {
    expect(isLive(token('k', 'n'), NOW)).toBe(true)
    expect(isLive(token('k', 'n', { revokedAt: '2026-07-01T00:00:00Z' }), NOW)).toBe(false)
    expect(isLive(token('k', 'n', { status: 'revoked' }), NOW)).toBe(false)
    expect(isLive(token('k', 'n', { status: 'expired', expiresAt: '2027-01-01T00:00:00Z' }), NOW)).toBe(false)
    expect(isLive(token('k', 'n', { expiresAt: '2026-06-01T00:00:00.000Z' }), NOW)).toBe(false)
    expect(isLive(token('k', 'n', { expiresAt: '2026-06-01T00:00:00.001Z' }), NOW)).toBe(true)
  })
})

describe('a name shared after a rotation', () => {
  test('means the token that still works, even when a newer one with the name is dead', () => {
    const tokens = [token('key_live', 'CI', { createdAt: '2026-01-01T00:00:00Z' }), token('key_dead', 'CI', { createdAt: '2026-03-01T00:00:00Z', status: 'revoked' })]
    expect(resolveToken(tokens, 'CI', NOW, 'Work').id).toBe('key_live')
  })

  test('a slash in a token name stays as written in the reference: the token is everything after the profile', () => {
    const tokens = [token('key_1', 'deploy/prod')]
    const ref = referenceFor([{ id: 'prf_1', name: 'Home' }], { id: 'prf_1', name: 'Home' }, tokens, tokens[0]!, NOW)
    expect(ref).toBe('keyward://Home/deploy/prod')
    expect(parseReference(ref)).toEqual({ profile: 'Home', token: 'deploy/prod' })
  })
})
