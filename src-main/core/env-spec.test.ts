import { describe, expect, test } from 'vitest'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadEnvSpec, parseEnvFile } from './env-spec'

describe('env files', () => {
  test('comments, blank lines, export, quotes and plain values', () => {
    const text = ['# comment', '', '  export A="keyward://p/t"  ', "B='x = y'", 'C=keyward://p/t#not-a-comment', 'D='].join('\r\n')
    expect(parseEnvFile(text, 'f')).toEqual([
      { name: 'A', value: 'keyward://p/t' },
      { name: 'B', value: 'x = y' },
      { name: 'C', value: 'keyward://p/t#not-a-comment' },
      { name: 'D', value: '' },
    ])
  })

  test('a bad line is named by file and line, and its value is never echoed', () => {
    expect(() => parseEnvFile('A=1\n2B=sk_live_secretvalue\n', '.env')).toThrow(/^\.env:2: expected NAME=value or NAME=keyward:\/\/<profile>\/<token>\.$/)
    expect(() => parseEnvFile('just sk_live_secretvalue', '.env')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('sk_live') }))
  })

  test('files in order, then --env; --env must be a reference; a broken reference is named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-env-'))
    try {
      await writeFile(join(dir, 'a'), 'X=keyward://p/a\nY=plain\n')
      await writeFile(join(dir, 'b'), 'Y=keyward://p/b\n')
      const spec = await loadEnvSpec(['X=keyward://p/c'], [join(dir, 'a'), join(dir, 'b')])
      expect([...spec.references]).toEqual([['Y', 'keyward://p/b'], ['X', 'keyward://p/c']])
      expect([...spec.plain]).toEqual([])
      await expect(loadEnvSpec(['X=sk_live_value'], [])).rejects.toThrow('--env takes NAME=keyward://<profile>/<token> (X has no reference; plain values go in an env file).')
      await expect(loadEnvSpec(['X=keyward://only'], [])).rejects.toThrow('--env X: "keyward://only" names no token')
      await expect(loadEnvSpec([], [join(dir, 'missing')])).rejects.toThrow(`cannot read the env file ${join(dir, 'missing')} (ENOENT).`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
