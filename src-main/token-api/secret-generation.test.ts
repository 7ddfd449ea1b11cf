import { describe, expect, it } from 'vitest'
import { checkSecret, generateSecret, randomBase62 } from '../shared/token-format'

describe('secret generation', () => {
  it('generates secrets that pass their own check, with fresh randomness each time', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const prefix = i % 2 ? 'sk_live_' : 'sk_test_'
      const secret = generateSecret(prefix)
      expect(checkSecret(secret)).toMatchObject({ ok: true, prefix })
      seen.add(secret)
    }
    expect(seen.size).toBe(200)
  })

  it('draws random characters from the whole base62 alphabet and nothing else', () => {
    const sample = randomBase62(5000)
    expect(sample).toMatch(/^[0-9A-Za-z]{5000}$/)
    // Every character shows up in 5000 draws; a truncated alphabet would not.
    expect(new Set(sample).size).toBe(62)
  })
})
