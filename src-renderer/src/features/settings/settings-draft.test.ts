import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '@shared/models'
import { settingsPatchSchema } from '@shared/schemas'
import { toDraft, validate } from './settings-draft'

const draft = toDraft(DEFAULT_SETTINGS)

describe('settings form validation', () => {
  it('turns the saved settings back into a patch core accepts', () => {
    const { problems, patch } = validate(draft)
    expect(problems).toEqual({})
    expect(settingsPatchSchema.safeParse(patch).success).toBe(true)
    expect(patch?.reminders?.leadTimesDays).toEqual([7, 1])
  })

  it('keeps lead times unique, longest first', () => {
    expect(validate({ ...draft, leadTimes: '1 7, 7,30' }).patch?.reminders?.leadTimesDays).toEqual([30, 7, 1])
  })

  it('shows the schema’s bounds beside each field', () => {
    const { problems, patch } = validate({
      ...draft,
      leadTimes: '30, 366',
      rotationAgeDays: '0',
      staleDays: '2.5',
      neverUsedGraceDays: '',
      clipboardSeconds: '5',
    })
    expect(patch).toBeNull()
    expect(Object.keys(problems).sort()).toEqual(['clipboardSeconds', 'leadTimes', 'neverUsedGraceDays', 'rotationAgeDays', 'staleDays'])
    expect(validate({ ...draft, leadTimes: '1, 2, 3, 4, 5, 6' }).problems.leadTimes).toBeDefined()
  })

  it('ignores the seconds when the clipboard is never cleared', () => {
    expect(validate({ ...draft, clipboardNever: true, clipboardSeconds: 'x' }).patch?.clipboardClearSeconds).toBeNull()
  })
})
