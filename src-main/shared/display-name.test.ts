import { describe, expect, it } from 'vitest'
import { checkDisplayName, DISPLAY_NAME_MAX_CODE_POINTS } from './display-name'

const rejected = (raw: string): string => {
  const result = checkDisplayName(raw)
  if (result.ok) throw new Error(`${JSON.stringify(raw)} was accepted`)
  return result.message
}

describe('checkDisplayName', () => {
  it('trims and accepts ordinary names in any script, with emoji and RTL marks', () => {
    for (const [raw, name] of [
      ['  CI deploy  ', 'CI deploy'],
      ['Déploiement — prod', 'Déploiement — prod'],
      ['ключ 🔑', 'ключ 🔑'],
      ['مفتاح\u200Fالإنتاج', 'مفتاح\u200Fالإنتاج'],
      ['👩‍💻 dev', '👩‍💻 dev'],
    ]) {
      expect(checkDisplayName(raw as string)).toEqual({ ok: true, name })
    }
  })

  it('rejects control characters: line breaks, tabs, NUL, DEL, ANSI escapes, the C1 CSI, line separators', () => {
    for (const raw of ['a\nb', 'a\rb', 'a\tb', 'a\u0000b', 'a\u007Fb', '\u001b[31mred\u001b[0m', '\u009B31mred', 'a\u2028b', 'a\u2029b']) {
      expect(rejected(raw), JSON.stringify(raw)).toMatch(/control characters/)
    }
  })

  it('rejects bidi embeddings, overrides and isolates', () => {
    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(rejected(`admin${String.fromCodePoint(cp)}dorp`), cp.toString(16)).toMatch(/bidirectional/)
    }
  })

  it('rejects names that are empty, blank or only invisible characters', () => {
    expect(rejected('')).toMatch(/empty/)
    expect(rejected('   ')).toMatch(/empty/)
    for (const raw of ['\u200B', '\u200B\u200C\u200D', '\u2060\uFEFF', '\u00AD', '\u3164', '\uFE0F', ' \u200B ']) {
      expect(rejected(raw), JSON.stringify(raw)).toMatch(/visible/)
    }
    // One visible character is enough.
    expect(checkDisplayName('\u200Bx')).toEqual({ ok: true, name: '\u200Bx' })
  })

  it('rejects lone surrogates', () => {
    expect(rejected('a\uD800b')).toMatch(/Unicode/)
  })

  it('counts the 100-character limit in code points, not UTF-16 units', () => {
    const emoji = '🔑'.repeat(DISPLAY_NAME_MAX_CODE_POINTS)
    expect(emoji.length).toBe(200)
    expect(checkDisplayName(emoji)).toEqual({ ok: true, name: emoji })
    expect(rejected(emoji + '🔑')).toMatch(/at most 100/)
    expect(rejected('x'.repeat(101))).toMatch(/at most 100/)
    expect(checkDisplayName(` ${'x'.repeat(100)} `)).toEqual({ ok: true, name: 'x'.repeat(100) })
  })
})
