import { describe, expect, test } from 'vitest'
import { DEFAULT_SETTINGS, type ApiKey, type ReminderSettings } from '../shared/models'
import { attentionCount, DAY_MS, healthConfig, withHealth } from './health'
import { EMPTY_REMINDER_STATE, firedGroupsOfKeys, planReminders, pruneFired, snooze, type ProfileTokens, type ReminderState } from './reminders'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const iso = (days: number) => new Date(NOW + days * DAY_MS).toISOString()

/** The reminders a state remembers, one readable key each (`prf/token/rule`, idle ones `@<last use>`), sorted: their order means nothing. */
function firedKeys(state: ReminderState): string[] {
  return state.fired
    .flatMap((g) => g.tokenIds.map((id, i) => `${g.profileId}/${id}/${g.rule}${g.lastUsedMs ? `@${new Date(g.lastUsedMs[i] as number).toISOString()}` : ''}`))
    .sort()
}

/** A state remembering these reminders (keys as firedKeys writes them). */
function firedState(keys: readonly string[], snoozed: Record<string, string> = {}): ReminderState {
  return { fired: firedGroupsOfKeys(keys, NOW), snoozed }
}

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
        title: '3 tokens need attention, 1 expired',
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
    expect(plan.notifications.map((n) => n.title)).toEqual(['3 tokens need attention, 1 expired'])
    expect(plan.notifications[0]?.body).toBe('1 expired, 1 expiring soon, 2 due for rotation, 2 unused. Open Keyward to review them.')
  })

  test('the digest’s attention is the sidebar’s: the tokens attentionCount counts, expired ones named apart', () => {
    const keys = [
      key('a', { expiresAt: iso(3) }),
      key('b', { createdAt: iso(-100), lastUsed: null }),
      key('c', { lastUsed: iso(-95) }),
      key('d', { status: 'expired', expiresAt: iso(-1) }),
      key('e', { status: 'expired', expiresAt: iso(-3) }),
      key('r', { status: 'revoked', revokedAt: iso(-2) }),
      key('ok'),
    ]
    const plan = planReminders(profile(keys), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    const sidebar = attentionCount(keys, NOW, healthConfig(DEFAULT_SETTINGS.reminders))
    expect(sidebar).toBe(3)
    expect(plan.notifications.map((n) => n.title)).toEqual([`${sidebar} tokens need attention, 2 expired`])
  })

  test('a digest of expired tokens only says they expired, not that they need attention', () => {
    const keys = ['a', 'b', 'c', 'd'].map((id, i) => key(id, { status: 'expired', expiresAt: iso(-1 - i) }))
    const plan = planReminders(profile(keys), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(plan.notifications.map((n) => n.title)).toEqual(['4 tokens expired'])
  })

  // Expired tokens are counted apart, so a digest (over 3 reminders) can have one live token in it.
  test('a digest with one live token says so in the singular', () => {
    const keys = [key('b', { createdAt: iso(-100), lastUsed: iso(-95) }), key('c', { status: 'expired', expiresAt: iso(-1) }), key('d', { status: 'expired', expiresAt: iso(-2) })]
    const plan = planReminders(profile(keys), DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
    expect(plan.notifications).toEqual([
      { id: `digest-${NOW}`, title: '1 token needs attention, 2 expired', body: '2 expired, 1 due for rotation, 1 unused. Open Keyward to review them.', target: null },
    ])
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
    expect(firedKeys(fromKeys.state)).toEqual(['prf_1/a/expiry/7', 'prf_1/b/rotation/90', 'prf_1/c/stale/30n', 'prf_1/d/expiry/0'].sort())
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
    const state = firedState(['prf_2/a/expiry/7', 'prf_1/a/expiry/30'])
    const plan = planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: [keys[0] as ApiKey] }], DEFAULT_SETTINGS.reminders, state, NOW)
    expect(plan.notifications.map((n) => n.id)).toEqual(['prf_1/a/expiry/7'])
  })
})

test('pruneFired forgets reminders of tokens that are gone', () => {
  const state = firedState(['prf_1/k1/expiry/7', 'prf_1/k2/rotation/90', 'prf_2/k1/expiry/7', `prf_1/k3/stale/90@${iso(-95)}`, `prf_1/k4/stale/90@${iso(-92)}`])
  expect(firedKeys(pruneFired(state, 'prf_1', new Set(['k2', 'k4'])))).toEqual(['prf_1/k2/rotation/90', `prf_1/k4/stale/90@${iso(-92)}`, 'prf_2/k1/expiry/7'])
})

/** Lead times of 30, 7 and 1 days, whatever the defaults are, so the boundaries below stay put. */
const SETTINGS: ReminderSettings = { ...DEFAULT_SETTINGS.reminders, leadTimesDays: [30, 7, 1] }

describe('what each reminder says', () => {
  const plan = (keys: ApiKey[], settings: ReminderSettings = SETTINGS, state: ReminderState = EMPTY_REMINDER_STATE, at = NOW) =>
    planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: keys }], settings, state, at)

  test('every rule, word for word, with the due reminders in full', () => {
    const p = plan([key('a', { expiresAt: iso(0.5) }), key('b', { createdAt: iso(-120), lastUsed: iso(-100) })])
    expect(p.dueCount).toBe(3)
    expect(p.due).toEqual([
      { key: 'prf_1/a/expiry/1', profileId: 'prf_1', profileName: 'Dev', tokenId: 'a', tokenName: 'Token a', rule: 'expiry', threshold: 1, neverUsed: false },
      { key: 'prf_1/b/rotation/90', profileId: 'prf_1', profileName: 'Dev', tokenId: 'b', tokenName: 'Token b', rule: 'rotation', threshold: 90, neverUsed: false },
      { key: `prf_1/b/stale/90@${iso(-100)}`, profileId: 'prf_1', profileName: 'Dev', tokenId: 'b', tokenName: 'Token b', rule: 'stale', threshold: 90, neverUsed: false },
    ])
    expect(p.notifications).toEqual([
      { id: 'prf_1/a/expiry/1', title: 'Token expires soon: Token a', body: '"Token a" in Dev expires within 1 day. Rotate it before it stops working.', target: { profileId: 'prf_1', tokenId: 'a' } },
      { id: 'prf_1/b/rotation/90', title: 'Time to rotate: Token b', body: '"Token b" in Dev is over 90 days old. Rotate it.', target: { profileId: 'prf_1', tokenId: 'b' } },
      { id: `prf_1/b/stale/90@${iso(-100)}`, title: 'Idle token: Token b', body: '"Token b" in Dev has not been used for 90 days. Revoke it if it is not needed.', target: { profileId: 'prf_1', tokenId: 'b' } },
    ])
    // What is persisted: per profile and rule the tokens reminded; an idle group also the last use each counted from.
    expect(p.state).toEqual({
      fired: [
        { profileId: 'prf_1', rule: 'expiry/1', tokenIds: ['a'] },
        { profileId: 'prf_1', rule: 'rotation/90', tokenIds: ['b'] },
        { profileId: 'prf_1', rule: 'stale/90', tokenIds: ['b'], lastUsedMs: [NOW - 100 * DAY_MS] },
      ],
      snoozed: {},
    })
  })

  test('an expired token and a never-used one', () => {
    const p = plan([key('x', { status: 'expired', expiresAt: iso(-3) }), key('n', { lastUsed: null, createdAt: iso(-45) })])
    expect(p.due.map((r) => [r.key, r.rule, r.threshold, r.neverUsed])).toEqual([
      ['prf_1/x/expiry/0', 'expiry', 0, false],
      ['prf_1/n/stale/30n', 'stale', 30, true],
    ])
    expect(p.notifications.map((n) => [n.title, n.body])).toEqual([
      ['Token expired: Token x', '"Token x" in Dev has expired. Rotate or replace it.'],
      ['Unused token: Token n', '"Token n" in Dev was never used in 30 days. Revoke it if it is not needed.'],
    ])
  })

  test('thresholds come from the user’s settings', () => {
    const settings: ReminderSettings = { ...SETTINGS, leadTimesDays: [14, 3], rotationAgeDays: 60, staleDays: 20, neverUsedGraceDays: 10 }
    const p = plan([key('a', { expiresAt: iso(10), createdAt: iso(-61), lastUsed: iso(-21) }), key('n', { lastUsed: null, createdAt: iso(-11) })], settings)
    expect(firedKeys(p.state)).toEqual(['prf_1/a/expiry/14', 'prf_1/a/rotation/60', `prf_1/a/stale/20@${iso(-21)}`, 'prf_1/n/stale/10n'].sort())
    // Four reminders of two tokens: the digest counts tokens.
    expect(p.notifications).toEqual([{ id: `digest-${NOW}`, title: '2 tokens need attention', body: '1 expiring soon, 1 due for rotation, 2 unused. Open Keyward to review them.', target: null }])
  })

  test('the digest counts each kind and names only those present', () => {
    const four = [key('a', { expiresAt: iso(3) }), key('b', { expiresAt: iso(20) }), key('c', { status: 'expired', expiresAt: iso(-1) }), key('d', { status: 'expired', expiresAt: iso(-2) })]
    expect(plan(four).notifications).toEqual([{ id: `digest-${NOW}`, title: '2 tokens need attention, 2 expired', body: '2 expired, 2 expiring soon. Open Keyward to review them.', target: null }])
    expect(plan(four).due).toEqual([])
    const rotationAndIdle = [key('a', { createdAt: iso(-100) }), key('b', { createdAt: iso(-100) }), key('c', { lastUsed: iso(-95) }), key('d', { lastUsed: null, createdAt: iso(-31) })]
    expect(plan(rotationAndIdle).notifications[0]?.body).toBe('2 due for rotation, 2 unused. Open Keyward to review them.')
  })
})

describe('state carried across checks', () => {
  const settings = SETTINGS
  const plan = (keys: ApiKey[], state: ReminderState, at = NOW) => planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: keys }], settings, state, at)

  test('rotation and idle reminders fire once too, and what fired before is kept', () => {
    const keys = [key('r', { createdAt: iso(-100) }), key('i', { lastUsed: iso(-95) }), key('n', { lastUsed: null, createdAt: iso(-40) })]
    const start = firedState(['prf_9/old/rotation/90'])
    const first = plan(keys, start)
    expect(firedKeys(first.state)).toEqual(['prf_9/old/rotation/90', 'prf_1/r/rotation/90', `prf_1/i/stale/90@${iso(-95)}`, 'prf_1/n/stale/30n'].sort())
    const second = plan(keys, first.state, NOW + 3600_000)
    expect(second).toEqual({ dueCount: 0, due: [], notifications: [], state: first.state })
  })

  // An idle reminder is about one idle stretch: once the token is used, a new stretch starts, and
  // when that one reaches the threshold too it is news again (expiry is keyed by its lead time alike).
  test('a token used after its idle reminder, then idle again, is reminded again — once', () => {
    const idle = plan([key('i', { createdAt: iso(-95), lastUsed: iso(-91) })], EMPTY_REMINDER_STATE)
    expect(idle.notifications.map((n) => n.title)).toEqual(['Time to rotate: Token i', 'Idle token: Token i'])
    // Used the next day: nothing new is due while it is in use.
    const used = [key('i', { createdAt: iso(-95), lastUsed: iso(1) })]
    expect(plan(used, idle.state, NOW + 2 * DAY_MS).notifications).toEqual([])
    // 90 days after that use it is idle again.
    const again = plan(used, idle.state, NOW + 91 * DAY_MS)
    expect(again.notifications.map((n) => [n.title, n.body])).toEqual([['Idle token: Token i', '"Token i" in Dev has not been used for 90 days. Revoke it if it is not needed.']])
    expect(plan(used, again.state, NOW + 92 * DAY_MS).notifications).toEqual([])
  })

  test('a snooze keeps running while another token’s reminder fires', () => {
    const keys = [key('quiet', { createdAt: iso(-100) }), key('loud', { expiresAt: iso(5) })]
    const { state, until } = snooze(EMPTY_REMINDER_STATE, 'prf_1', 'quiet', 7, NOW)
    expect(until).toBe(iso(7))
    const p = plan(keys, state)
    expect(p.notifications.map((n) => n.id)).toEqual(['prf_1/loud/expiry/7'])
    expect(p.state.snoozed).toEqual({ 'prf_1/quiet': iso(7) })
    // The snoozed token was not marked fired: it reminds when the snooze ends (by then the other has expired).
    const after = plan(keys, p.state, NOW + 7 * DAY_MS)
    expect(after.notifications.map((n) => n.id)).toEqual(['prf_1/quiet/rotation/90', 'prf_1/loud/expiry/0'])
    expect(after.state.snoozed).toEqual({})
  })

  test('a snooze ends at its instant, and only the token snoozed is quiet', () => {
    const keys = [key('a', { createdAt: iso(-100) }), key('b', { createdAt: iso(-100) })]
    const { state } = snooze(EMPTY_REMINDER_STATE, 'prf_1', 'a', 1, NOW)
    expect(plan(keys, state, NOW + DAY_MS - 1).notifications.map((n) => n.id)).toEqual(['prf_1/b/rotation/90'])
    expect(plan(keys, state, NOW + DAY_MS).notifications.map((n) => n.id)).toEqual(['prf_1/a/rotation/90', 'prf_1/b/rotation/90'])
  })

  test('snoozing twice keeps both, and a later snooze of the same token replaces the earlier', () => {
    const one = snooze(EMPTY_REMINDER_STATE, 'prf_1', 'a', 1, NOW).state
    const two = snooze(one, 'prf_2', 'a', 7, NOW).state
    expect(two).toEqual({ fired: [], snoozed: { 'prf_1/a': iso(1), 'prf_2/a': iso(7) } })
    expect(snooze(two, 'prf_1', 'a', 7, NOW + DAY_MS).state.snoozed).toEqual({ 'prf_1/a': iso(8), 'prf_2/a': iso(7) })
    expect(firedKeys(snooze(firedState(['prf_1/a/rotation/90']), 'prf_1', 'a', 1, NOW).state)).toEqual(['prf_1/a/rotation/90'])
  })

  test('a rule switched off stays off for every token, and switching expiry off leaves the others', () => {
    const keys = [key('a', { expiresAt: iso(3), createdAt: iso(-100) }), key('x', { status: 'expired', expiresAt: iso(-1) })]
    const noExpiry = { ...settings, rules: { expiry: false, rotation: true, stale: true } }
    expect(firedKeys(planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: keys }], noExpiry, EMPTY_REMINDER_STATE, NOW).state)).toEqual(['prf_1/a/rotation/90'].sort())
    const noStale = { ...settings, rules: { expiry: true, rotation: true, stale: false } }
    expect(planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: [key('n', { lastUsed: null, createdAt: iso(-40) })] }], noStale, EMPTY_REMINDER_STATE, NOW).dueCount).toBe(0)
  })

  test('healthy and revoked tokens add nothing, whatever else is due', () => {
    const keys = [key('ok'), key('gone', { status: 'revoked', revokedAt: iso(-1), expiresAt: iso(2) }), key('due', { expiresAt: iso(2) })]
    expect(firedKeys(plan(keys, EMPTY_REMINDER_STATE).state)).toEqual(['prf_1/due/expiry/7'].sort())
  })

  // The expiry reminder said "rotate it before it stops working"; going idle is news of another kind
  // ("revoke it if it is not needed": no need to rotate at all), so it is told once as well.
  test('a token whose expiry reminder fired still gets its idle reminder once, when it goes idle', () => {
    const keys = [key('k', { expiresAt: iso(6.5), lastUsed: iso(-89) })]
    const first = plan(keys, EMPTY_REMINDER_STATE)
    expect(first.notifications.map((n) => n.id)).toEqual(['prf_1/k/expiry/7'])
    const idle = plan(keys, first.state, NOW + DAY_MS)
    expect(idle.notifications).toEqual([
      {
        id: `prf_1/k/stale/90@${iso(-89)}`,
        title: 'Idle token: Token k',
        body: '"Token k" in Dev has not been used for 90 days. Revoke it if it is not needed.',
        target: { profileId: 'prf_1', tokenId: 'k' },
      },
    ])
    expect(firedKeys(idle.state)).toEqual(['prf_1/k/expiry/7', `prf_1/k/stale/90@${iso(-89)}`].sort())
    expect(plan(keys, idle.state, NOW + DAY_MS + 3600_000).notifications).toEqual([])
    // The next lead time still reminds about expiry, and the idle reminder is not repeated with it.
    expect(plan(keys, idle.state, NOW + 5.75 * DAY_MS).notifications.map((n) => n.id)).toEqual(['prf_1/k/expiry/1'])
  })

  test('a token never used: its expiry reminder fired, the never-used one comes once the grace is over', () => {
    const keys = [key('n', { expiresAt: iso(6.5), lastUsed: null, createdAt: iso(-29.5) })]
    const first = plan(keys, EMPTY_REMINDER_STATE)
    expect(first.notifications.map((n) => n.id)).toEqual(['prf_1/n/expiry/7'])
    const unused = plan(keys, first.state, NOW + DAY_MS)
    expect(unused.notifications.map((n) => [n.id, n.title])).toEqual([['prf_1/n/stale/30n', 'Unused token: Token n']])
    expect(plan(keys, unused.state, NOW + 2 * DAY_MS).notifications).toEqual([])
  })

  test('a fired expiry at one lead time does not hide rotation, and a token of another profile with the same id is its own', () => {
    const keys = [key('a', { expiresAt: iso(3), createdAt: iso(-100) })]
    const p = planReminders(
      [
        { profileId: 'prf_1', profileName: 'Dev', tokens: keys },
        { profileId: 'prf_10', profileName: 'Prod', tokens: keys },
      ],
      settings,
      firedState(['prf_1/a/expiry/7']),
      NOW,
    )
    expect(firedKeys(p.state)).toEqual(['prf_1/a/expiry/7', 'prf_1/a/rotation/90', 'prf_10/a/expiry/7', 'prf_10/a/rotation/90'].sort())
  })
})

describe('pruneFired', () => {
  test('keeps the same state when every token is alive, and never touches a profile whose id only starts alike', () => {
    const state = firedState(['prf_1/k1/expiry/7', 'prf_10/k9/expiry/7'], { 'prf_1/k1': iso(1) })
    expect(pruneFired(state, 'prf_1', new Set(['k1']))).toBe(state)
    const pruned = pruneFired(state, 'prf_1', new Set())
    // A group left without tokens is dropped, not kept empty.
    expect(pruned.fired).toEqual([{ profileId: 'prf_10', rule: 'expiry/7', tokenIds: ['k9'] }])
    expect(pruned.snoozed).toEqual({ 'prf_1/k1': iso(1) })
  })
})

describe('firedGroupsOfKeys (state files written before groups)', () => {
  test('groups keys per profile and rule, in the order first seen, idle ones with their last use', () => {
    expect(
      firedGroupsOfKeys(
        ['prf_1/a/expiry/7', 'prf_2/a/expiry/7', 'prf_1/b/expiry/7', 'prf_1/a/expiry/0', 'prf_1/a/expiry/14', `prf_1/i/stale/90@${iso(-95)}`, 'prf_1/j/stale/90', 'prf_1/n/stale/30n', 'prf_1/r/rotation/180'],
        NOW - DAY_MS,
      ),
    ).toEqual([
      { profileId: 'prf_1', rule: 'expiry/7', tokenIds: ['a', 'b'] },
      { profileId: 'prf_2', rule: 'expiry/7', tokenIds: ['a'] },
      { profileId: 'prf_1', rule: 'expiry/0', tokenIds: ['a'] },
      { profileId: 'prf_1', rule: 'expiry/14', tokenIds: ['a'] },
      { profileId: 'prf_1', rule: 'stale/90', tokenIds: ['i', 'j'], lastUsedMs: [NOW - 95 * DAY_MS, NOW - DAY_MS] },
      { profileId: 'prf_1', rule: 'stale/30n', tokenIds: ['n'] },
      { profileId: 'prf_1', rule: 'rotation/180', tokenIds: ['r'] },
    ])
  })

  test('drops what is no reminder key: other rules, a last use on a rule that has none, a last use that is no time', () => {
    const junk = ['prf_1/a/renewal/7', 'prf_1/a/expiry/7@' + iso(-1), 'prf_1/n/stale/30n@' + iso(-1), 'prf_1/i/stale/90@yesterday', 'prf_1/a/expiry', 'prf_1/x/y/expiry/7', 'a/b', '', 'prf_1/a/expiry/seven']
    expect(firedGroupsOfKeys(junk, NOW)).toEqual([])
  })

  test('an idle reminder from before keys named their stretch stays fired until the token is used again', () => {
    const state: ReminderState = { fired: firedGroupsOfKeys(['prf_1/i/stale/90'], NOW - DAY_MS), snoozed: {} }
    const idle = key('i', { lastUsed: iso(-95) })
    expect(planReminders(profile([idle]), DEFAULT_SETTINGS.reminders, state, NOW).notifications).toEqual([])
    const usedSince = key('i', { lastUsed: iso(-0.5) })
    const later = NOW + 91 * DAY_MS
    expect(planReminders(profile([usedSince], later), DEFAULT_SETTINGS.reminders, state, later).notifications.map((n) => n.title)).toEqual(['Time to rotate: Token i', 'Idle token: Token i'])
  })
})
