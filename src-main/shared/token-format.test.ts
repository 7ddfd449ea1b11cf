import { afterEach, describe, expect, it, vi } from 'vitest'
import { crc32 as zlibCrc32 } from 'node:zlib'
import {
  checkSecret,
  checksumOf,
  cleanPastedSecret,
  crc32,
  formatSecret,
  generateSecret,
  prefixForEnvironment,
  randomBase62,
  SECRET_LENGTH,
  toBase62,
  TOKEN_ID_RE,
} from './token-format'

const RANDOM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'

describe('token format', () => {
  it('computes CRC-32 (IEEE) like zlib', () => {
    for (const s of ['', 'a', RANDOM, '123456789', 'The quick brown fox ~']) expect(crc32(s)).toBe(zlibCrc32(s))
    expect(crc32('123456789')).toBe(0xcbf43926)
  })

  it('writes base62 most significant digit first, zero padded', () => {
    expect(toBase62(0, 6)).toBe('000000')
    expect(toBase62(61, 6)).toBe('00000z')
    expect(toBase62(62, 6)).toBe('000010')
    expect(toBase62(62 * 62 + 5, 3)).toBe('105')
    expect(toBase62(0xffffffff, 6)).toBe('4gfFC3')
    // Width is a minimum: a longer number is never cut.
    expect(toBase62(62 ** 3, 2)).toBe('1000')
  })

  it('builds secrets with the documented checksum (docs/token-api.md known answers)', () => {
    // CRC-32 of the random part, base62: computed independently with zlib and BigInt.
    expect(checksumOf(RANDOM)).toBe('1NZ3Qe')
    expect(checksumOf('0'.repeat(36))).toBe('0etOEM')
    expect(formatSecret('sk_live_', RANDOM)).toBe(`sk_live_${RANDOM}1NZ3Qe`)
    expect(formatSecret('sk_test_', 'z'.repeat(36))).toBe(`sk_test_${'z'.repeat(36)}1ej79G`)
    expect(SECRET_LENGTH).toBe(50)
  })

  it('accepts a well-formed key of either type and trims pasted whitespace', () => {
    const secret = formatSecret('sk_live_', RANDOM)
    const result = checkSecret(`  ${secret.slice(0, 20)}\n${secret.slice(20)}\t`)
    expect(result).toEqual({ ok: true, secret, prefix: 'sk_live_', hint: 'Z3Qe' })
    const test = formatSecret('sk_test_', RANDOM)
    expect(checkSecret(test)).toEqual({ ok: true, secret: test, prefix: 'sk_test_', hint: 'Z3Qe' })
  })

  it('removes every kind of pasted whitespace, wherever it is', () => {
    expect(cleanPastedSecret(' \tsk_test_ab\r\n cd \u00a0')).toBe('sk_test_abcd')
    expect(cleanPastedSecret('sk_test_abcd')).toBe('sk_test_abcd')
  })

  it('says why a key is rejected, in words a user can act on', () => {
    const good = formatSecret('sk_test_', RANDOM)
    expect(checkSecret('')).toEqual({ ok: false, reason: 'empty', message: 'The key is empty.' })
    expect(checkSecret(' \n\t')).toEqual({ ok: false, reason: 'empty', message: 'The key is empty.' })
    const prefix = { ok: false, reason: 'prefix', message: 'The key must start with sk_test_ or sk_live_.' }
    expect(checkSecret(good.replace('sk_test_', 'pk_test_'))).toEqual(prefix)
    expect(checkSecret(`x${good}`)).toEqual(prefix)
    expect(checkSecret('sk_')).toEqual(prefix)
    expect(checkSecret(good.slice(0, -1))).toEqual({
      ok: false,
      reason: 'length',
      message: 'The key should be 50 characters long, this one has 49. Was it copied completely?',
    })
    expect(checkSecret(`${good}0`)).toEqual({
      ok: false,
      reason: 'length',
      message: 'The key should be 50 characters long, this one has 51. Was it copied completely?',
    })
    const alphabet = { ok: false, reason: 'alphabet', message: 'The key contains characters a Keyward key never has.' }
    expect(checkSecret(`sk_test_-${good.slice(9)}`)).toEqual(alphabet)
    expect(checkSecret(`${good.slice(0, 30)}_${good.slice(31)}`)).toEqual(alphabet)
    expect(checkSecret(`${good.slice(0, -1)}!`)).toEqual(alphabet)
    const checksum = { ok: false, reason: 'checksum', message: 'The key fails its checksum: it was mistyped or truncated.' }
    expect(checkSecret(`${good.slice(0, -1)}f`)).toEqual(checksum)
    // A typo in the random part is caught too, not only in the checksum.
    expect(checkSecret(`sk_test_b${good.slice(9)}`)).toEqual(checksum)
  })

  it('uses live keys only in prod', () => {
    expect(prefixForEnvironment('prod')).toBe('sk_live_')
    expect(prefixForEnvironment('staging')).toBe('sk_test_')
    expect(prefixForEnvironment('dev')).toBe('sk_test_')
  })
})

describe('token ids', () => {
  it('accepts key_ followed by 1 to 64 base62 characters and nothing else', () => {
    for (const id of ['key_a', 'key_0Zz9', `key_${'a'.repeat(64)}`]) expect(TOKEN_ID_RE.test(id), id).toBe(true)
    for (const id of ['credential', 'key_', `key_${'a'.repeat(65)}`, 'xkey_a', 'key_a/b', 'key_a-b', 'KEY_a', 'key_a\n']) {
      expect(TOKEN_ID_RE.test(id), id).toBe(false)
    }
  })
})

describe('secret generation', () => {
  afterEach(() => vi.restoreAllMocks())

  it('generates keys that pass their own check, of the requested type', () => {
    for (const prefix of ['sk_test_', 'sk_live_'] as const) {
      const secret = generateSecret(prefix)
      expect(secret).toHaveLength(50)
      expect(checkSecret(secret)).toMatchObject({ ok: true, prefix })
    }
    expect(generateSecret('sk_test_')).not.toBe(generateSecret('sk_test_'))
  })

  it('maps random bytes to base62 and skips bytes ≥ 248, so every character is equally likely', () => {
    // Bytes below 248 map to BASE62[b % 62]; 248…255 would favour '0'…'7' and must be drawn again.
    const draws = [
      [0, 248, 61, 255, 62, 247],
      [9, 200, 1, 2],
    ]
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const bytes = array as unknown as Uint8Array
      bytes.fill(250)
      bytes.set((draws.shift() ?? []).slice(0, bytes.length))
      return array
    })
    // 0→'0', 61→'z', 62→'0', 247→'z', then from the second draw 9→'9', 200→'E'.
    expect(randomBase62(6)).toBe('0z0z9E')
  })

  it('returns exactly the requested length', () => {
    for (const n of [1, 6, 36, 100]) expect(randomBase62(n)).toMatch(new RegExp(`^[0-9A-Za-z]{${n}}$`))
  })
})
