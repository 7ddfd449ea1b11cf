/** The reminders service: planning from every profile's list, showing once, snoozing. */
import { describe, expect, test } from 'vitest'
import type { ApiKey } from '../../shared/models'
import type { Harness } from '../testing/harness'
import { useHarnesses } from '../testing/sandboxed'
import { remindable } from './reminders'

const { sandboxed } = useHarnesses()

/** Four tokens of the user's own in a sandbox profile, each expiring within the 7-day lead time. */
async function fourExpiring(h: Harness, profileId: string): Promise<void> {
  const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString()
  for (const n of [1, 2, 3, 4]) await h.ok('tokens:create', { profileId, name: `Mine ${n}`, scopes: ['account:read'], expiresAt })
}

describe('reminders', () => {
  test('the sandbox’s sample tokens never notify: first launch is quiet though they need attention', async () => {
    const { h, dev } = await sandboxed()
    const list = await h.ok('tokens:list', { profileId: dev.id })
    expect(list.attention).toBeGreaterThan(0)
    await h.core.services.reminders.checkInBackground()
    expect(h.notifier.shown).toEqual([])
  })

  test('the user’s own tokens fire once, as a digest, and not again after a restart', async () => {
    const { h, dev, startSandbox } = await sandboxed()
    await fourExpiring(h, dev.id)
    await h.core.services.reminders.checkInBackground()
    expect(h.notifier.shown.map((n) => [n.title, n.target])).toEqual([['4 tokens need attention', null]])
    await h.core.services.reminders.checkInBackground()
    expect(h.notifier.shown).toHaveLength(1)
    await h.core.shutdown()
    await h.restart({ startSandbox })
    await h.core.services.reminders.checkInBackground()
    expect(h.notifier.shown).toHaveLength(1)
  })

  test('a profile whose list cannot be fetched reminds from its cached list', async () => {
    const { h, dev } = await sandboxed()
    await fourExpiring(h, dev.id)
    await h.ok('tokens:list', { profileId: dev.id })
    // Without its credential the profile's list fails (not an outage: no stale list is served).
    await h.vault.delete(`${dev.id}/credential`)
    expect(await h.call('tokens:list', { profileId: dev.id })).toMatchObject({ ok: false, error: { code: 'SECRET_NOT_STORED' } })
    const shown = await h.ok('reminders:check')
    expect(shown.map((n) => n.title)).toEqual(['4 tokens need attention'])
  })

  test('snooze and per-rule toggles reach the planner', async () => {
    const { h, dev } = await sandboxed()
    await h.ok('settings:update', { reminders: { rules: { expiry: false, rotation: false, stale: false } } })
    expect(await h.ok('reminders:check')).toEqual([])
    const s = await h.ok('settings:get')
    expect(s.reminders.rules).toEqual({ expiry: false, rotation: false, stale: false })
    const list = await h.ok('tokens:list', { profileId: dev.id })
    const { until } = await h.ok('reminders:snooze', { profileId: dev.id, tokenId: list.tokens[0]?.id ?? '', days: 7 })
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(6.9 * 86_400_000)
  })
})

describe('remindable', () => {
  const at = (createdAt: string): ApiKey => ({ id: createdAt, name: 'k', prefix: 'sk_test_', hint: 'abcd', scopes: [], createdAt, lastUsed: null, expiresAt: null, revokedAt: null, status: 'active', allowedIps: [] })
  const seeded = at('2026-01-01T09:59:59.999Z')
  const same = at('2026-01-01T10:00:00.000Z')
  const mine = at('2026-01-01T10:00:00.001Z')

  test('a sandbox profile keeps only the tokens made after it was created', () => {
    expect(remindable({ sandbox: true, createdAt: '2026-01-01T10:00:00.000Z' }, [seeded, same, mine])).toEqual([mine])
  })

  test('any other profile keeps every token, old ones included', () => {
    const tokens = [seeded, same, mine]
    expect(remindable({ sandbox: false, createdAt: '2026-01-01T10:00:00.000Z' }, tokens)).toBe(tokens)
  })
})
