import { describe, expect, it } from 'vitest'
import { crc32 as zlibCrc32 } from 'node:zlib'
import { checkSecret, checksumOf, crc32, formatSecret, toBase62 } from './token-format'

const RANDOM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'

describe('token format', () => {
  it('computes CRC-32 (IEEE) like zlib', () => {
    for (const s of ['', 'a', RANDOM, '123456789']) expect(crc32(s)).toBe(zlibCrc32(s))
    expect(crc32('123456789')).toBe(0xcbf43926)
  })

  it('writes base62 most significant digit first, zero padded', () => {
    expect(toBase62(0, 6)).toBe('000000')
    expect(toBase62(61, 6)).toBe('00000z')
    expect(toBase62(62, 6)).toBe('000010')
    expect(toBase62(0xffffffff, 6)).toBe('4gfFC3')
  })

  it('accepts a well-formed key and trims pasted whitespace', () => {
    const secret = formatSecret('sk_live_', RANDOM)
    expect(secret).toHaveLength(50)
    const result = checkSecret(`  ${secret.slice(0, 20)}\n${secret.slice(20)}\t`)
    expect(result).toEqual({ ok: true, secret, prefix: 'sk_live_', hint: secret.slice(-4) })
  })

  it('rejects wrong prefix, length, alphabet and checksum with a reason', () => {
    const good = formatSecret('sk_test_', RANDOM)
    expect(checkSecret('')).toMatchObject({ ok: false, reason: 'empty' })
    expect(checkSecret(good.replace('sk_test_', 'pk_test_'))).toMatchObject({ ok: false, reason: 'prefix' })
    expect(checkSecret(good.slice(0, -1))).toMatchObject({ ok: false, reason: 'length' })
    expect(checkSecret(good.slice(0, 10) + '-' + good.slice(11))).toMatchObject({ ok: false, reason: 'alphabet' })
    const flipped = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0')
    expect(checkSecret(flipped)).toMatchObject({ ok: false, reason: 'checksum' })
    expect(checksumOf(RANDOM)).toHaveLength(6)
  })
})
