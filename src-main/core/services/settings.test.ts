import { expect, test } from 'vitest'
import { DEFAULT_SETTINGS } from '../../shared/models'
import { applySettingsPatch } from './settings'

test('a patch changes only what it names; lead times stay unique and longest first', () => {
  const next = applySettingsPatch(DEFAULT_SETTINGS, { clipboardClearSeconds: null, reminders: { leadTimesDays: [7, 60, 7, 14], rules: { stale: false } } })
  expect(next).toEqual({
    ...DEFAULT_SETTINGS,
    clipboardClearSeconds: null,
    reminders: { ...DEFAULT_SETTINGS.reminders, leadTimesDays: [60, 14, 7], rules: { expiry: true, rotation: true, stale: false } },
  })
  expect(applySettingsPatch(DEFAULT_SETTINGS, {})).toEqual(DEFAULT_SETTINGS)
})

test('the current settings are not changed in place', () => {
  const current = structuredClone(DEFAULT_SETTINGS)
  applySettingsPatch(current, { closeToTray: false, reminders: { staleDays: 10 } })
  expect(current).toEqual(DEFAULT_SETTINGS)
})

test('a field the patch leaves undefined keeps its value', () => {
  expect(applySettingsPatch(DEFAULT_SETTINGS, { closeToTray: undefined, reminders: { staleDays: undefined, rules: { expiry: undefined } } })).toEqual(DEFAULT_SETTINGS)
})
