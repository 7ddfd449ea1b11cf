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

describe('env file lines, one rule at a time', () => {
  const one = (line: string) => parseEnvFile(line, 'f')

  test('quotes: a matching pair of either kind is removed, with the spaces inside kept', () => {
    expect(one('A=" x "')).toEqual([{ name: 'A', value: ' x ' }])
    expect(one("A=' x '")).toEqual([{ name: 'A', value: ' x ' }])
    expect(one('A=  "x"  ')).toEqual([{ name: 'A', value: 'x' }])
    expect(one('A=""')).toEqual([{ name: 'A', value: '' }])
  })

  test('quotes: a lone, unmatched or mixed quote is part of the value', () => {
    expect(one('A="')).toEqual([{ name: 'A', value: '"' }])
    expect(one("A='")).toEqual([{ name: 'A', value: "'" }])
    expect(one('A="x')).toEqual([{ name: 'A', value: '"x' }])
    expect(one('A=x"')).toEqual([{ name: 'A', value: 'x"' }])
    expect(one('A="x\'')).toEqual([{ name: 'A', value: '"x\'' }])
    expect(one('A=\'x"')).toEqual([{ name: 'A', value: '\'x"' }])
  })

  test('the value is everything after the first =, trimmed', () => {
    expect(one('A=b=c')).toEqual([{ name: 'A', value: 'b=c' }])
    expect(one('A =  b c  ')).toEqual([{ name: 'A', value: 'b c' }])
    expect(one('A=#x')).toEqual([{ name: 'A', value: '#x' }])
  })

  test('export: one or more spaces after it; without a space it is part of the name', () => {
    expect(one('export   A=1')).toEqual([{ name: 'A', value: '1' }])
    expect(one('exportA=1')).toEqual([{ name: 'exportA', value: '1' }])
    expect(one('export=1')).toEqual([{ name: 'export', value: '1' }])
  })

  test('names: a letter or _ first, then letters, digits and _', () => {
    expect(one('_a1_B=1')).toEqual([{ name: '_a1_B', value: '1' }])
    expect(one('z=1')).toEqual([{ name: 'z', value: '1' }])
    for (const bad of ['1A=x', 'A-B=x', 'A B=x', 'A.B=x', '=x', 'Aé=x', 'no equals sign', 'TOKEN', 'export TOKEN', 'A\u00a0B=x']) {
      expect(() => one(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', message: 'f:1: expected NAME=value or NAME=keyward://<profile>/<token>.' }))
    }
  })

  test('blank, whitespace-only and indented comment lines are skipped but counted', () => {
    const text = ['', '   ', '\t# indented comment', 'A=1', '  ', 'bad line'].join('\n')
    expect(() => parseEnvFile(text, '.env.local')).toThrow(/^\.env\.local:6: /)
    expect(parseEnvFile(['', '   ', '\t# c', 'A=1', ''].join('\n'), 'f')).toEqual([{ name: 'A', value: '1' }])
    expect(parseEnvFile('', 'f')).toEqual([])
  })

  test('CRLF and LF lines alike; a lone CR is not a line break', () => {
    expect(() => parseEnvFile('A=1\r\nB=2\r\n3C=x\r\n', 'f')).toThrow(/^f:3: /)
    expect(parseEnvFile('A=1\rB=2', 'f')).toEqual([{ name: 'A', value: '1\rB=2' }])
  })
})

describe('loadEnvSpec', () => {
  const withDir = async (files: Record<string, string>, body: (path: (name: string) => string) => Promise<void>) => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-env-'))
    try {
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
      await body((name) => join(dir, name))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  test('a later plain value replaces an earlier reference, and a later reference an earlier plain value', async () => {
    await withDir({ a: 'X=keyward://p/x\nY=plain\nZ=keep', b: 'X=now-plain\n' }, async (path) => {
      const spec = await loadEnvSpec(['Y=keyward://p/y'], [path('a'), path('b')])
      expect(Object.fromEntries(spec.references)).toEqual({ Y: 'keyward://p/y' })
      expect(Object.fromEntries(spec.plain)).toEqual({ Z: 'keep', X: 'now-plain' })
    })
  })

  test('no files and no --env: nothing set', async () => {
    const spec = await loadEnvSpec([], [])
    expect(spec.references.size + spec.plain.size).toBe(0)
  })

  test('a broken reference in a file is named by file, variable and entry, as KeywardError INVALID_REQUEST', async () => {
    await withDir({ e: '# header\n\nA=1\nB=keyward://prod\n' }, async (path) => {
      await expect(loadEnvSpec([], [path('e')])).rejects.toThrow(
        expect.objectContaining({ code: 'INVALID_REQUEST', message: `${path('e')} (B, entry 2): "keyward://prod" names no token: write keyward://<profile>/<token>.` }),
      )
    })
  })

  test('a file that is a directory says so by its error code', async () => {
    await withDir({}, async (path) => {
      await expect(loadEnvSpec([], [path('')])).rejects.toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', message: `cannot read the env file ${path('')} (EISDIR).` }))
    })
  })

  test('--env: the name and the reference are checked; a plain value is refused without echoing it', async () => {
    const refusal = '--env takes NAME=keyward://<profile>/<token>.'
    for (const arg of ['keyward://p/t', 'TOKEN', '=keyward://p/t', '1X=keyward://p/t', 'A B=keyward://p/t', '-X=keyward://p/t']) {
      await expect(loadEnvSpec([arg], []), arg).rejects.toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', message: refusal }))
    }
    await expect(loadEnvSpec(['TOKEN=sk_live_secret'], [])).rejects.toThrow(
      expect.objectContaining({ message: '--env takes NAME=keyward://<profile>/<token> (TOKEN has no reference; plain values go in an env file).' }),
    )
    await expect(loadEnvSpec(['TOKEN='], [])).rejects.toThrow('(TOKEN has no reference; plain values go in an env file).')
    await expect(loadEnvSpec(['X=keyward:///t'], [])).rejects.toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', message: '--env X: "keyward:///t" names no profile: write keyward://<profile>/<token>.' }))
  })

  test('--env: the value is everything after the first =, and the last --env for a name wins', async () => {
    const spec = await loadEnvSpec(['X=keyward://p/a=b', 'Y=keyward://p/1', 'Y=keyward://p/2'], [])
    expect([...spec.references]).toEqual([
      ['X', 'keyward://p/a=b'],
      ['Y', 'keyward://p/2'],
    ])
  })
})
