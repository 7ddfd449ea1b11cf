import { describe, expect, test } from 'vitest'
import { DEFAULT_SETTINGS, type ApiKey, type ReminderSettings } from '../shared/models'
import { DAY_MS, healthConfig, withHealth } from './health'
import { EMPTY_REMINDER_STATE, planReminders, pruneFired, snooze, type ProfileTokens, type ReminderState } from './reminders'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const iso = (days: number) => new Date(NOW + days * DAY_MS).toISOString()

function key(id: string, overrides: Partial<ApiKey> = {}): ApiKey {
  return { id, name: `Token ${id}`, prefix: 'sk_test_', hint: 'abcd', scopes: [], createdAt: iso(-10), lastUsed: iso(-1), expiresAt: null, revokedAt: null, status: 'active', allowedIps: [], ...overrides }
}

function profile(keys: ApiKey[], at = NOW, settings: ReminderSettings = DEFAULT_SETTINGS.reminders): ProfileTokens[] {
  return [{ profileId: 'prf_1', profileName: 'Dev', tokens: withHealth(keys, at, healthConfig(settings), new Set()) }]
}

describe('planReminders', () => {
  test('one due reminder becomes one notification targeting its token', () => {
    const plan = planReminders(profile([key('k1', { expiresAt: iso(5) })]), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(plan.notifications).toEqual([
      {
        id: 'prf_1/k1/expiry/7',
        title: 'Token expires soon: Token k1',
        body: '"Token k1" in Dev expires within 7 days. Rotate it before it stops working.',
        target: { profileId: 'prf_1', tokenId: 'k1' },
      },
    ])
  })

  test('fires once: the returned state suppresses it on the next check (a restart)', () => {
    const p = profile([key('k1', { expiresAt: iso(5) })])
    const first = planReminders(p, DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    const persisted = JSON.parse(JSON.stringify(first.state)) as ReminderState
    const second = planReminders(p, DEFAULT_SETTINGS.reminders, persisted, NOW + 60_000)
    expect(second.notifications).toEqual([])
  })

  test('crossing the next lead time fires again', () => {
    const k = key('k1', { expiresAt: iso(5) })
    const first = planReminders(profile([k]), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    const later = NOW + 4.5 * DAY_MS
    const second = planReminders(profile([k], later), DEFAULT_SETTINGS.reminders, first.state, later)
    expect(second.notifications.map((n) => n.id)).toEqual(['prf_1/k1/expiry/1'])
  })

  test('more than 3 due at once become one digest', () => {
    const keys = [
      key('a', { expiresAt: iso(3) }),
      key('b', { createdAt: iso(-100) }),
      key('c', { lastUsed: null, createdAt: iso(-40) }),
      key('d', { status: 'expired', expiresAt: iso(-1) }),
    ]
    const plan = planReminders(profile(keys), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(plan.dueCount).toBe(4)
    expect(plan.notifications).toEqual([
      {
        id: `digest-${NOW}`,
        title: '4 tokens need attention',
        body: '1 expired, 1 expiring soon, 1 due for rotation, 1 unused. Open Keyward to review them.',
        target: null,
      },
    ])
    expect(plan.state.fired).toHaveLength(4)
  })

  test('the digest counts tokens, not reminders: a token due for rotation and unused is one token', () => {
    // 4 tokens, 6 reminders: b and c are each due for rotation and stale.
    const keys = [
      key('a', { expiresAt: iso(3) }),
      key('b', { createdAt: iso(-100), lastUsed: null }),
      key('c', { createdAt: iso(-100), lastUsed: iso(-95) }),
      key('d', { status: 'expired', expiresAt: iso(-1) }),
      key('e'),
    ]
    const plan = planReminders(profile(keys), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(plan.dueCount).toBe(6)
    expect(plan.notifications.map((n) => n.title)).toEqual(['4 tokens need attention'])
    expect(plan.notifications[0]?.body).toBe('1 expired, 1 expiring soon, 2 due for rotation, 2 unused. Open Keyward to review them.')
  })

  test('exactly 3 due are shown one by one', () => {
    const keys = [key('a', { expiresAt: iso(3) }), key('b', { expiresAt: iso(3) }), key('c', { expiresAt: iso(3) })]
    expect(planReminders(profile(keys), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW).notifications).toHaveLength(3)
  })

  test('a snoozed token stays quiet until the snooze ends, then fires', () => {
    const p = profile([key('k1', { createdAt: iso(-100) })])
    const { state, until } = snooze(EMPTY_REMINDER_STATE, 'prf_1', 'k1', 1, NOW)
    expect(until).toBe(iso(1))
    expect(planReminders(p, DEFAULT_SETTINGS.reminders, state, NOW + 3600_000).notifications).toEqual([])
    const after = planReminders(p, DEFAULT_SETTINGS.reminders, state, NOW + 1.1 * DAY_MS)
    expect(after.notifications.map((n) => n.title)).toEqual(['Time to rotate: Token k1'])
    expect(after.state.snoozed).toEqual({})
  })

  test('a rule switched off never fires', () => {
    const settings = { ...DEFAULT_SETTINGS.reminders, rules: { expiry: true, rotation: false, stale: true } }
    const plan = planReminders(profile([key('k1', { createdAt: iso(-100) })], NOW, settings), settings, EMPTY_REMINDER_STATE, NOW)
    expect(plan.notifications).toEqual([])
  })

  test('revoked tokens never remind; expired ones remind once about expiry only', () => {
    const keys = [key('r', { status: 'revoked', revokedAt: iso(-1), createdAt: iso(-200) }), key('e', { status: 'expired', expiresAt: iso(-1), createdAt: iso(-200), lastUsed: null })]
    const plan = planReminders(profile(keys), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(plan.notifications.map((n) => n.id)).toEqual(['prf_1/e/expiry/0'])
    expect(plan.notifications[0]?.title).toBe('Token expired: Token e')
  })

  test('never-used and idle tokens get different words', () => {
    const plan = planReminders(profile([key('n', { lastUsed: null, createdAt: iso(-31) }), key('i', { lastUsed: iso(-91) })]), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(plan.notifications.map((n) => n.title)).toEqual(['Unused token: Token n', 'Idle token: Token i'])
  })
})

describe('planReminders from lists as they arrive', () => {
  const keys = [key('a', { expiresAt: iso(3) }), key('b', { createdAt: iso(-100) }), key('c', { lastUsed: null, createdAt: iso(-40) }), key('d', { status: 'expired', expiresAt: iso(-1) })]

  test('the keys as they arrived plan exactly what their views plan', () => {
    const fromKeys = planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: keys }], DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(fromKeys).toEqual(planReminders(profile(keys), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW))
    expect(fromKeys.state.fired).toEqual(['prf_1/a/expiry/7', 'prf_1/b/rotation/90', 'prf_1/c/stale/30n', 'prf_1/d/expiry/0'])
  })

  test('a snooze silences its own profile only', () => {
    const { state } = snooze(EMPTY_REMINDER_STATE, 'prf_1', 'b', 1, NOW)
    const plan = planReminders(
      [
        { profileId: 'prf_1', profileName: 'Dev', tokens: [keys[1] as ApiKey] },
        { profileId: 'prf_2', profileName: 'Prod', tokens: [keys[1] as ApiKey] },
      ],
      DEFAULT_SETTINGS.reminders,
      state,
      NOW,
    )
    expect(plan.notifications.map((n) => n.id)).toEqual(['prf_2/b/rotation/90'])
  })

  test('fired in one profile is not fired in another, and a fired lower lead time does not hide the next', () => {
    const state: ReminderState = { fired: ['prf_2/a/expiry/7', 'prf_1/a/expiry/30'], snoozed: {} }
    const plan = planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: [keys[0] as ApiKey] }], DEFAULT_SETTINGS.reminders, state, NOW)
    expect(plan.notifications.map((n) => n.id)).toEqual(['prf_1/a/expiry/7'])
  })

  test('100,000 tokens whose reminders all fired already: nothing is due, nothing added', () => {
    const many: ApiKey[] = Array.from({ length: 100_000 }, (_, i) => key(`key_${i}`, { createdAt: iso(-(i % 200)), lastUsed: i % 5 === 0 ? null : iso(-(i % 150)), expiresAt: i % 4 === 0 ? null : iso((i % 120) - 20) }))
    const first = planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: many }], DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(first.dueCount).toBeGreaterThan(50_000)
    const again = planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: many }], DEFAULT_SETTINGS.reminders, first.state, NOW + 60_000)
    expect(again.dueCount).toBe(0)
    expect(again.notifications).toEqual([])
  })
})

test('pruneFired forgets reminders of tokens that are gone', () => {
  const state: ReminderState = { fired: ['prf_1/k1/expiry/7', 'prf_1/k2/rotation/90', 'prf_2/k1/expiry/7'], snoozed: {} }
  expect(pruneFired(state, 'prf_1', new Set(['k2'])).fired).toEqual(['prf_1/k2/rotation/90', 'prf_2/k1/expiry/7'])
})
