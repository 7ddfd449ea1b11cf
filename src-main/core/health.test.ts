import { describe, expect, test } from 'vitest'
import { DEFAULT_SETTINGS, type ApiKey } from '../shared/models'
import { attentionCount, classify, DAY_MS, healthConfig, ParsedListBuilder, parsedList, parseIso, withHealth } from './health'
import { planReminders, EMPTY_REMINDER_STATE } from './reminders'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const iso = (daysFromNow: number) => new Date(NOW + daysFromNow * DAY_MS).toISOString()
// Three lead times as a user may set them: the classification tests below exercise each of them.
const config = healthConfig({ ...DEFAULT_SETTINGS.reminders, leadTimesDays: [30, 7, 1] })
const defaults = healthConfig(DEFAULT_SETTINGS.reminders)

function key(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 'key_1',
    name: 'CI',
    prefix: 'sk_test_',
    hint: 'abcd',
    scopes: ['dns:read'],
    createdAt: iso(-10),
    lastUsed: iso(-1),
    expiresAt: null,
    revokedAt: null,
    status: 'active',
    allowedIps: [],
    ...overrides,
  }
}

describe('parseIso', () => {
  test.each([
    '2026-01-01T12:00:00.000Z',
    '2026-01-01T12:00:00Z',
    '2024-02-29T23:59:59.999Z',
    '2026-01-01T13:00:00+01:00',
    '2026-01-01T12:00:00.5Z',
  ])('%s matches Date.parse', (value) => {
    expect(parseIso(value)).toBe(Date.parse(value))
  })
  test('garbage is NaN', () => expect(parseIso('not a date')).toBeNaN())
})

describe('classify', () => {
  test.each<[string, Partial<ApiKey>, { reasons: string[]; needsAttention: boolean; expiringWithinDays?: number | null }]>([
    ['fresh and used', {}, { reasons: [], needsAttention: false }],
    ['revoked', { status: 'revoked', revokedAt: iso(-1) }, { reasons: ['revoked'], needsAttention: false }],
    ['expired by status', { status: 'expired', expiresAt: iso(-2) }, { reasons: ['expired'], needsAttention: false }],
    ['expired by time though the list said active', { expiresAt: iso(-0.01) }, { reasons: ['expired'], needsAttention: false }],
    ['expires in 20 days → 30-day lead', { expiresAt: iso(20) }, { reasons: ['expiring'], needsAttention: true, expiringWithinDays: 30 }],
    ['expires in 5 days → 7-day lead', { expiresAt: iso(5) }, { reasons: ['expiring'], needsAttention: true, expiringWithinDays: 7 }],
    ['expires in 12 hours → 1-day lead', { expiresAt: iso(0.5) }, { reasons: ['expiring'], needsAttention: true, expiringWithinDays: 1 }],
    ['expires in 31 days → not yet', { expiresAt: iso(31) }, { reasons: [], needsAttention: false, expiringWithinDays: null }],
    ['90 days old → rotation due', { createdAt: iso(-90) }, { reasons: ['rotation-due'], needsAttention: true }],
    ['89 days old → not due', { createdAt: iso(-89) }, { reasons: [], needsAttention: false }],
    ['unused for 90 days → stale', { createdAt: iso(-100), lastUsed: iso(-90) }, { reasons: ['rotation-due', 'stale'], needsAttention: true }],
    ['idle timestamp with an offset (slow path) → stale', { createdAt: iso(-100), lastUsed: '2025-10-01T12:00:00+00:00' }, { reasons: ['rotation-due', 'stale'], needsAttention: true }],
    ['recent timestamp with an offset → not stale', { lastUsed: '2025-12-31T13:00:00+01:00' }, { reasons: [], needsAttention: false }],
    ['never used, 30 days after creation', { createdAt: iso(-30), lastUsed: null }, { reasons: ['never-used'], needsAttention: true }],
    ['never used, 29 days after creation', { createdAt: iso(-29), lastUsed: null }, { reasons: [], needsAttention: false }],
    ['revoked wins over everything else', { status: 'revoked', revokedAt: iso(-1), createdAt: iso(-400), lastUsed: null, expiresAt: iso(2) }, { reasons: ['revoked'], needsAttention: false }],
  ])('%s', (_name, overrides, expected) => {
    const h = classify(key(overrides), NOW, config, false)
    expect([...h.reasons]).toEqual(expected.reasons)
    expect(h.needsAttention).toBe(expected.needsAttention)
    if (expected.expiringWithinDays !== undefined) expect(h.expiringWithinDays).toBe(expected.expiringWithinDays)
  })

  test('age, days to expiry, never used and stored are reported', () => {
    const h = classify(key({ createdAt: iso(-12.5), expiresAt: iso(3.5), lastUsed: null }), NOW, config, true)
    expect(h.ageDays).toBe(12)
    expect(h.daysToExpiry).toBe(3)
    expect(h.neverUsed).toBe(true)
    expect(h.stored).toBe(true)
    expect(classify(key({ expiresAt: iso(-3.5), status: 'expired' }), NOW, config, false).daysToExpiry).toBe(-4)
  })

  test('custom thresholds are honoured', () => {
    const custom = healthConfig({ ...DEFAULT_SETTINGS.reminders, leadTimesDays: [14], rotationAgeDays: 30, staleDays: 10 })
    const h = classify(key({ createdAt: iso(-31), lastUsed: iso(-11), expiresAt: iso(13) }), NOW, custom, false)
    expect([...h.reasons]).toEqual(['expiring', 'rotation-due', 'stale'])
    expect(h.expiringWithinDays).toBe(14)
  })

  test('the expiry tone follows the user\'s lead times, so row colour and "Expiring" chip agree', () => {
    const tone = (expiresAt: string | null, c = config, extra: Partial<ApiKey> = {}) => classify(key({ expiresAt, ...extra }), NOW, c, false).expiryTone
    expect([tone(null), tone(iso(31)), tone(iso(20)), tone(iso(5)), tone(iso(0.5)), tone(iso(-1))]).toEqual(['none', 'calm', 'soon', 'urgent', 'urgent', 'past'])
    expect(tone(iso(-2), config, { status: 'expired' })).toBe('past')
    // A user who is reminded 60 and 14 days ahead sees 40 days as "soon" and 10 days as urgent.
    const custom = healthConfig({ ...DEFAULT_SETTINGS.reminders, leadTimesDays: [60, 14] })
    expect([tone(iso(61), custom), tone(iso(40), custom), tone(iso(10), custom)]).toEqual(['calm', 'soon', 'urgent'])
    for (const days of [0.5, 5, 13, 20, 29, 31, 45, 61, 100]) {
      for (const c of [config, custom]) {
        const h = classify(key({ expiresAt: iso(days) }), NOW, c, false)
        expect(h.reasons.includes('expiring')).toBe(h.expiryTone === 'soon' || h.expiryTone === 'urgent')
      }
    }
    // A revoked token's expiry no longer matters: it is not coloured as coming up.
    expect(tone(iso(2), config, { status: 'revoked', revokedAt: iso(-1) })).toBe('calm')
  })

  test('attentionCount counts only tokens needing attention', () => {
    const keys = [key(), key({ id: 'k2', expiresAt: iso(2) }), key({ id: 'k3', status: 'revoked', revokedAt: iso(-1) })]
    const list = withHealth(keys, NOW, config, new Set(['k2']))
    expect(attentionCount(keys, NOW, config)).toBe(1)
    expect(list[1]?.health.stored).toBe(true)
    expect(list[0]?.health.stored).toBe(false)
  })
})

describe('lists parsed once', () => {
  test('a list changed in place is classified as it is now, not as it was first parsed', () => {
    const keys = [key({ id: 'k1' })]
    expect(attentionCount(keys, NOW, config)).toBe(0)
    keys.push(key({ id: 'k2', expiresAt: iso(2) }))
    expect(attentionCount(keys, NOW, config)).toBe(1)
    expect(withHealth(keys, NOW, config, new Set())[1]?.health.expiringWithinDays).toBe(7)
  })

  test('views keep the dates of their keys: counting from the views agrees with counting from the keys', () => {
    const keys = [key({ id: 'k1', createdAt: iso(-100) }), key({ id: 'k2', lastUsed: null, createdAt: iso(-40) }), key({ id: 'k3' })]
    const views = withHealth(keys, NOW, config, new Set())
    expect(attentionCount(views, NOW, config)).toBe(2)
    expect(attentionCount(keys, NOW, config)).toBe(2)
  })
})

describe('a list parsed page by page as it arrives', () => {
  // Pages of uneven sizes, so the builder's storage grows several times, with every kind of date.
  const keys: ApiKey[] = Array.from({ length: 23 }, (_, i) =>
    key({
      id: `k${i}`,
      createdAt: iso(-50 - i),
      lastUsed: i % 3 === 0 ? null : iso(-i),
      expiresAt: i % 4 === 0 ? null : iso(i - 5),
      revokedAt: i % 5 === 0 ? iso(-2) : null,
      status: i % 5 === 0 ? 'revoked' : 'active',
      successorId: i % 7 === 1 ? 'key_next' : null,
    }),
  )

  test('holds the same dates, statuses and ids as the whole list parsed at once, and is what health then reads', () => {
    const arrived: ApiKey[] = []
    const builder = new ParsedListBuilder()
    for (const size of [1, 1, 5, 9]) {
      arrived.push(...keys.slice(arrived.length, arrived.length + size))
      builder.add(arrived)
    }
    arrived.push(...keys.slice(arrived.length))
    const built = builder.finish(arrived)
    const atOnce = parsedList([...keys])
    expect(built.length).toBe(23)
    expect(Array.from(built.epochs)).toEqual(Array.from(atOnce.epochs))
    expect(built.ids).toEqual(keys.map((k) => k.id))
    expect(parsedList(arrived)).toBe(built)
    expect(attentionCount(arrived, NOW, config)).toBe(attentionCount([...keys], NOW, config))
  })

  test('a list that arrived in one page, or empty, is parsed whole', () => {
    const one = [...keys]
    expect(Array.from(new ParsedListBuilder().finish(one).epochs)).toEqual(Array.from(parsedList([...keys]).epochs))
    expect(new ParsedListBuilder().finish([])).toMatchObject({ length: 0, ids: [] })
  })
})

describe('boundaries, to the millisecond', () => {
  const at = (overrides: Partial<ApiKey>, c = config) => classify(key(overrides), NOW, c, false)
  const ms = (offset: number) => new Date(NOW + offset).toISOString()

  test('a token expires at its expiry instant, not a millisecond later', () => {
    expect(at({ expiresAt: ms(0) })).toMatchObject({ expired: true, reasons: ['expired'], daysToExpiry: 0, expiryTone: 'past', needsAttention: false })
    expect(at({ expiresAt: ms(1) })).toMatchObject({ expired: false, reasons: ['expiring'], expiringWithinDays: 1, daysToExpiry: 0, expiryTone: 'urgent', needsAttention: true })
  })

  test('each lead time includes its last millisecond', () => {
    for (const lead of [30, 7, 1]) {
      expect(at({ expiresAt: ms(lead * DAY_MS) }).expiringWithinDays, `${lead} days`).toBe(lead)
    }
    expect(at({ expiresAt: ms(7 * DAY_MS + 1) }).expiringWithinDays).toBe(30)
    expect(at({ expiresAt: ms(30 * DAY_MS + 1) })).toMatchObject({ expiringWithinDays: null, reasons: [], expiryTone: 'calm', daysToExpiry: 30 })
  })

  test('lead times given in any order are used shortest-first', () => {
    const shuffled = healthConfig({ ...DEFAULT_SETTINGS.reminders, leadTimesDays: [7, 30, 1] })
    expect(shuffled.leadTimesDays).toEqual([1, 7, 30])
    expect(at({ expiresAt: ms(5 * DAY_MS) }, shuffled)).toMatchObject({ expiringWithinDays: 7, expiryTone: 'urgent' })
    expect(at({ expiresAt: ms(20 * DAY_MS) }, shuffled)).toMatchObject({ expiringWithinDays: 30, expiryTone: 'soon' })
    expect(at({ expiresAt: ms(12 * 3600_000) }, shuffled)).toMatchObject({ expiringWithinDays: 1, expiryTone: 'urgent' })
  })

  test('rotation is due at exactly the rotation age', () => {
    expect(at({ createdAt: ms(-90 * DAY_MS) })).toMatchObject({ rotationDue: true, reasons: ['rotation-due'], ageDays: 90 })
    expect(at({ createdAt: ms(-90 * DAY_MS + 1) })).toMatchObject({ rotationDue: false, reasons: [], ageDays: 89 })
  })

  test('idle from exactly the stale days since last use', () => {
    expect(at({ createdAt: ms(-100 * DAY_MS), lastUsed: ms(-90 * DAY_MS) })).toMatchObject({ stale: true, neverUsed: false, reasons: ['rotation-due', 'stale'] })
    expect(at({ createdAt: ms(-100 * DAY_MS), lastUsed: ms(-90 * DAY_MS + 1) })).toMatchObject({ stale: false, reasons: ['rotation-due'] })
  })

  test('never used from exactly the grace days after creation', () => {
    expect(at({ createdAt: ms(-30 * DAY_MS), lastUsed: null })).toMatchObject({ stale: true, neverUsed: true, reasons: ['never-used'], needsAttention: true })
    expect(at({ createdAt: ms(-30 * DAY_MS + 1), lastUsed: null })).toMatchObject({ stale: false, neverUsed: true, reasons: [], needsAttention: false })
  })
})

describe('revoked, by status or by time', () => {
  const at = (overrides: Partial<ApiKey>) => classify(key(overrides), NOW, config, false)

  test('a revoked status alone is enough, with no revocation time', () => {
    expect(at({ status: 'revoked', revokedAt: null })).toMatchObject({ revoked: true, expired: false, reasons: ['revoked'], needsAttention: false })
  })

  test('a revocation time that has come is enough, though the list said active', () => {
    expect(at({ revokedAt: iso(-1) })).toMatchObject({ revoked: true, reasons: ['revoked'] })
    expect(at({ revokedAt: new Date(NOW).toISOString() })).toMatchObject({ revoked: true, reasons: ['revoked'] })
  })

  test('a revocation still to come leaves the token working and judged as usual', () => {
    expect(at({ revokedAt: new Date(NOW + 1).toISOString(), createdAt: iso(-95) })).toMatchObject({ revoked: false, reasons: ['rotation-due'], needsAttention: true })
  })

  test('revoked outranks expired, and expired outranks everything else', () => {
    expect(at({ status: 'expired', revokedAt: iso(-1), expiresAt: iso(-2) })).toMatchObject({ revoked: true, expired: false, reasons: ['revoked'] })
    expect(at({ status: 'expired', expiresAt: null, createdAt: iso(-400), lastUsed: null })).toMatchObject({
      revoked: false,
      expired: true,
      reasons: ['expired'],
      // The tone is the expiry date's: with none, there is nothing to colour.
      expiryTone: 'none',
      rotationDue: false,
      stale: false,
      needsAttention: false,
    })
  })
})

describe('the expiry tone of finished tokens', () => {
  const tone = (overrides: Partial<ApiKey>) => classify(key(overrides), NOW, config, false).expiryTone
  test('past once the date has passed, even for a revoked token, from the very instant', () => {
    expect(tone({ status: 'revoked', revokedAt: iso(-5), expiresAt: iso(-1) })).toBe('past')
    expect(tone({ status: 'revoked', revokedAt: iso(-5), expiresAt: new Date(NOW).toISOString() })).toBe('past')
    expect(tone({ status: 'revoked', revokedAt: iso(-5), expiresAt: new Date(NOW + 1).toISOString() })).toBe('calm')
  })
  test('past for a token the API calls expired, whatever date it still carries', () => {
    expect(tone({ status: 'expired', expiresAt: iso(3) })).toBe('past')
  })
})

describe('what a token without an expiry reports', () => {
  test('no days to expiry, no lead time, no tone', () => {
    expect(classify(key({ expiresAt: null }), NOW, config, false)).toEqual({
      revoked: false,
      expired: false,
      expiringWithinDays: null,
      daysToExpiry: null,
      expiryTone: 'none',
      rotationDue: false,
      ageDays: 10,
      stale: false,
      neverUsed: false,
      stored: false,
      beingReplaced: false,
      needsAttention: false,
      reasons: [],
    })
  })
})

describe('parseIso agrees with Date.parse', () => {
  test.each([
    '1969-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00Z',
    '2000-02-29T12:00:00Z',
    '2023-02-28T23:59:59Z',
    '2024-03-01T00:00:00.001Z',
    '2026-01-31T00:00:00Z',
    '2026-12-31T23:59:59.999Z',
    '2100-03-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
  ])('%s, a canonical timestamp', (value) => expect(parseIso(value)).toBe(Date.parse(value)))

  test.each(['2026-13-01T00:00:00Z', '2026-00-01T00:00:00Z', '2026-01-00T00:00:00Z', '2026-01-32T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01T00:60:00Z', '2026-01-01T00:00:60Z'])(
    '%s, out of range, is not a time',
    (value) => expect(parseIso(value)).toBeNaN(),
  )

  test.each([
    '2026-01-01T12:00:00+0100',
    '2026+01-01T12:00:00Z',
    '2026-01-01X12:00:00Z',
    '-026-01-01T00:00:00Z',
    '2026-01-01T/1:00:00Z',
    '2026-01-01T12:/1:00Z',
    '2026-01-01T12:00:/1Z',
    '2026-01-01T12:00:00./01Z',
    '2026-01-01T12:00:00.:00Z',
  ])('%s, almost canonical, is read as Date.parse reads it', (value) => {
    const expected = Date.parse(value)
    if (Number.isNaN(expected)) expect(parseIso(value)).toBeNaN()
    else expect(parseIso(value)).toBe(expected)
  })

  // Canonical length, Z at the end, '-' and 'T' in place, every field in range once read as digits:
  // a separator or a digit that is not one must still make it not a time (Date.parse: NaN).
  test.each([
    '2026-01-01T12:00:0:Z',
    '2026-01-01T12:00:/:Z',
    '2026-01-01T1::00:00Z',
    '2026-01-1/T12:00:00Z',
    '202:-01-01T12:00:00Z',
    '2026-01-01T12:0::00Z',
    '2026-01+01T12:00:00Z',
    '2026-01-01T12.00:00Z',
    '2026-01-01T12:00.00Z',
    '2026-01-01T12:00:00,000Z',
    '2026-01-01T12:00:00.00:Z',
    '2026-01-01T12:00:00.0/:Z',
  ])('%s, garbage of canonical shape, is not a time', (value) => {
    expect(Date.parse(value)).toBeNaN()
    expect(parseIso(value)).toBeNaN()
  })

  test.each(['2026-01-01T24:00:00Z', '2026-01-01T12:00:00+02:00', '2026-01-01 12:00:00Z', '2026-01-01T12:00:00.000+00:00', '2026-01-01'])('%s, not canonical, as Date.parse reads it', (value) => {
    const expected = Date.parse(value)
    if (Number.isNaN(expected)) expect(parseIso(value)).toBeNaN()
    else expect(parseIso(value)).toBe(expected)
  })
})

describe('the default settings', () => {
  test('a token just created with the default 30-day expiry does not need attention', () => {
    const h = classify(key({ createdAt: iso(0), lastUsed: null, expiresAt: iso(30) }), NOW, defaults, true)
    expect(h.needsAttention).toBe(false)
    expect(h.expiryTone).toBe('calm')
    const plan = planReminders([{ profileId: 'p', profileName: 'P', tokens: [key({ createdAt: iso(0), lastUsed: null, expiresAt: iso(30) })] }], DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(plan.notifications).toEqual([])
  })

  test('the default lead times are 7 and 1 days: exact boundaries', () => {
    const at = (days: number) => classify(key({ expiresAt: iso(days) }), NOW, defaults, false)
    expect(at(7 + 1 / 86_400).needsAttention).toBe(false)
    expect(at(7)).toMatchObject({ needsAttention: true, expiringWithinDays: 7, expiryTone: 'soon' })
    expect(at(1 + 1 / 86_400)).toMatchObject({ expiringWithinDays: 7, expiryTone: 'soon' })
    expect(at(1)).toMatchObject({ needsAttention: true, expiringWithinDays: 1, expiryTone: 'urgent' })
  })
})

describe('a token being replaced by a rotation', () => {
  const replaced = (over: Partial<ApiKey> = {}) => key({ successorId: 'key_next', expiresAt: iso(0.5), ...over })

  test('is being replaced, not needing attention, whatever else holds', () => {
    const h = classify(replaced({ createdAt: iso(-400), lastUsed: null }), NOW, config, true)
    expect([...h.reasons]).toEqual(['replacing'])
    expect(h.beingReplaced).toBe(true)
    expect(h.needsAttention).toBe(false)
    expect(h.expiryTone).toBe('calm')
    expect(attentionCount([replaced(), key({ id: 'k2', expiresAt: iso(0.5) })], NOW, config)).toBe(1)
  })

  test('once its grace is over it is expired like any other, and without a successor it is expiring', () => {
    expect([...classify(replaced({ expiresAt: iso(-0.001) }), NOW, config, false).reasons]).toEqual(['expired'])
    expect(classify(replaced({ status: 'revoked', revokedAt: iso(-0.001) }), NOW, config, false).beingReplaced).toBe(false)
    const before = classify(key({ successorId: null, expiresAt: iso(0.5) }), NOW, config, false)
    expect(before).toMatchObject({ needsAttention: true, beingReplaced: false })
  })

  test('a successor does not outrank what the API says: revoked or expired stays so', () => {
    expect(classify(replaced({ status: 'revoked', revokedAt: null }), NOW, config, false)).toMatchObject({ revoked: true, beingReplaced: false, reasons: ['revoked'] })
    expect(classify(replaced({ status: 'expired', expiresAt: iso(3) }), NOW, config, false)).toMatchObject({ expired: true, beingReplaced: false, reasons: ['expired'] })
  })

  test('gets no "rotate it" reminder', () => {
    const profile = { profileId: 'p', profileName: 'P', tokens: [replaced({ createdAt: iso(-400), lastUsed: null })] }
    expect(planReminders([profile], DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW).notifications).toEqual([])
    // The same token without a successor is reminded about.
    const plain = { ...profile, tokens: [key({ createdAt: iso(-400), lastUsed: null, expiresAt: iso(0.5) })] }
    expect(planReminders([plain], DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW).notifications.length).toBeGreaterThan(0)
  })

  test('views carry the successor', () => {
    const [view] = withHealth([replaced()], NOW, config, new Set())
    expect(view?.successorId).toBe('key_next')
    expect(view?.health.beingReplaced).toBe(true)
  })
})
