/**
 * Health and reminders over 100,000 tokens: the same rules hold at the size the bench measures
 * (speed: npm run bench, metric 2). Apart from health.test.ts and reminders.test.ts so mutation
 * testing, which reruns a module's own tests after every mutant, does not rerun these each time.
 */
import { expect, test } from 'vitest'
import { DEFAULT_SETTINGS, type ApiKey } from '../shared/models'
import { DAY_MS, healthConfig, withHealth } from './health'
import { EMPTY_REMINDER_STATE, planReminders } from './reminders'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const iso = (days: number) => new Date(NOW + days * DAY_MS).toISOString()
const config = healthConfig(DEFAULT_SETTINGS.reminders)

function key(id: string, overrides: Partial<ApiKey> = {}): ApiKey {
  return { id, name: `Token ${id}`, prefix: 'sk_test_', hint: 'abcd', scopes: ['dns:read'], createdAt: iso(-10), lastUsed: iso(-1), expiresAt: null, revokedAt: null, status: 'active', allowedIps: [], ...overrides }
}

test('100,000 tokens are classified and their due reminders fold into one digest', () => {
  const keys: ApiKey[] = []
  for (let i = 0; i < 100_000; i++) {
    keys.push(
      key(`key_${i}`, {
        createdAt: new Date(NOW - (i % 200) * DAY_MS).toISOString(),
        lastUsed: i % 7 === 0 ? null : new Date(NOW - (i % 120) * DAY_MS).toISOString(),
        expiresAt: i % 3 === 0 ? null : new Date(NOW + ((i % 60) - 10) * DAY_MS).toISOString(),
        status: i % 50 === 0 ? 'revoked' : 'active',
        revokedAt: i % 50 === 0 ? iso(-1) : null,
      }),
    )
  }
  const tokens = withHealth(keys, NOW, config, new Set())
  const plan = planReminders([{ profileId: 'p', profileName: 'P', tokens }], DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
  expect(plan.dueCount).toBeGreaterThan(50_000)
  expect(plan.notifications).toHaveLength(1)
})

test('100,000 tokens whose reminders all fired already: nothing is due, nothing added', () => {
  const many: ApiKey[] = Array.from({ length: 100_000 }, (_, i) => key(`key_${i}`, { createdAt: iso(-(i % 200)), lastUsed: i % 5 === 0 ? null : iso(-(i % 150)), expiresAt: i % 4 === 0 ? null : iso((i % 120) - 20) }))
  const first = planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: many }], DEFAULT_SETTINGS.reminders, EMPTY_REMINDER_STATE, NOW)
  expect(first.dueCount).toBeGreaterThan(50_000)
  const again = planReminders([{ profileId: 'prf_1', profileName: 'Dev', tokens: many }], DEFAULT_SETTINGS.reminders, first.state, NOW + 60_000)
  expect(again.dueCount).toBe(0)
  expect(again.state.fired).toBe(first.state.fired)
  expect(again.notifications).toEqual([])
})
