/** The reminders service: planning from every profile's list, showing once, snoozing. */
import { describe, expect, test } from 'vitest'
import { useHarnesses } from '../testing/sandboxed'

const { sandboxed } = useHarnesses()

describe('reminders', () => {
  test('fire once, as a digest, and not again after a restart', async () => {
    const { h, startSandbox } = await sandboxed()
    await h.core.services.reminders.checkInBackground()
    expect(h.notifier.shown).toHaveLength(1)
    expect(h.notifier.shown[0]?.target).toBeNull()
    expect(h.notifier.shown[0]?.title).toMatch(/^\d+ tokens need attention$/)
    await h.core.services.reminders.checkInBackground()
    expect(h.notifier.shown).toHaveLength(1)
    await h.core.shutdown()
    await h.restart({ startSandbox })
    await h.core.services.reminders.checkInBackground()
    expect(h.notifier.shown).toHaveLength(1)
  })

  test('a profile whose list cannot be fetched reminds from its cached list', async () => {
    const { h, dev } = await sandboxed()
    const cached = await h.ok('tokens:list', { profileId: dev.id })
    // Without its credential the profile's list fails (not an outage: no stale list is served).
    await h.vault.delete(`${dev.id}/credential`)
    expect(await h.call('tokens:list', { profileId: dev.id })).toMatchObject({ ok: false, error: { code: 'SECRET_NOT_STORED' } })
    const shown = await h.ok('reminders:check')
    const due = cached.tokens.filter((t) => t.health.needsAttention || t.health.expired).length
    expect(due).toBeGreaterThan(0)
    expect(shown).toHaveLength(1)
    expect(shown[0]?.title).toMatch(/^\d+ tokens need attention$/)
    const planned = Number(/^(\d+)/.exec(shown[0]?.title ?? '')?.[1])
    expect(planned).toBeGreaterThanOrEqual(due)
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
