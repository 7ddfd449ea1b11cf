import { describe, expect, test } from 'vitest'
import { Readable } from 'node:stream'
import { SecretMask } from './secret-mask'

async function through(secrets: string[], chunks: string[]): Promise<{ out: string; pieces: string[] }> {
  const mask = new SecretMask(secrets)
  const pieces: string[] = []
  Readable.from(chunks.map((c) => Buffer.from(c))).pipe(mask)
  for await (const piece of mask) pieces.push(String(piece))
  return { out: pieces.join(''), pieces }
}

describe('SecretMask', () => {
  const S = 'sk_test_0123456789abcdef'
  test('replaces a secret whole, split across chunks, and byte by byte', async () => {
    expect((await through([S], [`a ${S} b`])).out).toBe('a <concealed> b')
    expect((await through([S], ['a sk_te', 'st_0123', '456789abcdef b'])).out).toBe('a <concealed> b')
    expect((await through([S], [...`x${S}y${S}`])).out).toBe('x<concealed>y<concealed>')
  })

  test('passes other output on at once, holding back only what could start a secret', async () => {
    const mask = new SecretMask([S])
    const seen: string[] = []
    mask.on('data', (d: Buffer) => seen.push(String(d)))
    const settle = () => new Promise((r) => setImmediate(r))
    mask.write('hello\n')
    await settle()
    expect(seen).toEqual(['hello\n'])
    mask.write('more sk_')
    await settle()
    expect(seen).toEqual(['hello\n', 'more '])
    mask.end('x world')
    await settle()
    expect(seen.join('')).toBe('hello\nmore sk_x world')
    expect((await through([S], ['ends with sk_te'])).out).toBe('ends with sk_te')
  })

  test('of two secrets where one starts the other, the longer is replaced whole', async () => {
    expect((await through(['abc', 'abcdef'], ['1 abcdef 2 abc 3'])).out).toBe('1 <concealed> 2 <concealed> 3')
    expect((await through(['abc', 'abcdef'], ['1 ab', 'cde', 'f 2'])).out).toBe('1 <concealed> 2')
  })
})
