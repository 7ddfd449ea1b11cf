import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '@shared/models'
import { settingsPatchSchema } from '@shared/schemas'
import { fieldOfPath, isDirty, problemsOf, toDraft, validate } from './settings-draft'

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

  it('shows the schema’s own sentence beside each field, naming it', () => {
    const { problems, patch } = validate({
      ...draft,
      leadTimes: '30, 366',
      rotationAgeDays: '0',
      staleDays: '2.5',
      neverUsedGraceDays: '',
      clipboardSeconds: '5',
    })
    expect(patch).toBeNull()
    expect(problems).toEqual({
      leadTimes: 'Remind before expiry takes one to five whole numbers of days between 1 and 365, e.g. 7, 1.',
      rotationAgeDays: 'Rotation age must be a whole number of days between 1 and 3650.',
      staleDays: '“Stale after” must be a whole number of days between 1 and 3650.',
      neverUsedGraceDays: '“Never used counts as stale after” must be a whole number of days between 1 and 3650.',
      clipboardSeconds: 'Clipboard clear delay must be a whole number of seconds between 10 and 300.',
    })
    expect(validate({ ...draft, leadTimes: '1, 2, 3, 4, 5, 6' }).problems.leadTimes).toMatch(/^Remind before expiry/)
    expect(validate({ ...draft, leadTimes: '' }).problems.leadTimes).toMatch(/^Remind before expiry/)
    expect(validate({ ...draft, clipboardSeconds: 'ten' }).problems).toEqual({ clipboardSeconds: expect.stringMatching(/^Clipboard clear delay/) })
  })

  it('takes the bounds from the schema: its edges pass, one past them does not', () => {
    expect(validate({ ...draft, clipboardSeconds: '10' }).patch?.clipboardClearSeconds).toBe(10)
    expect(validate({ ...draft, clipboardSeconds: ' 300 ' }).patch?.clipboardClearSeconds).toBe(300)
    expect(validate({ ...draft, clipboardSeconds: '301' }).patch).toBeNull()
    expect(validate({ ...draft, clipboardSeconds: '9' }).patch).toBeNull()
  })

  it('ignores the seconds when the clipboard is never cleared', () => {
    expect(validate({ ...draft, clipboardNever: true, clipboardSeconds: 'x' }).patch?.clipboardClearSeconds).toBeNull()
  })

  it('maps a path (the schema’s, or core’s details) to its field; one it has no field for is kept for the form', () => {
    expect(fieldOfPath('reminders.leadTimesDays.3')).toBe('leadTimes')
    expect(fieldOfPath('reminders.leadTimesDays')).toBe('leadTimes')
    expect(fieldOfPath('clipboardClearSeconds')).toBe('clipboardSeconds')
    expect(fieldOfPath('reminders.leadTimesDaysX')).toBeNull()
    expect(problemsOf([
      { field: 'clipboardClearSeconds', message: 'first' },
      { field: 'clipboardClearSeconds', message: 'second' },
      { field: 'sandboxEnabled', message: 'other' },
    ])).toEqual({ clipboardSeconds: 'first', form: 'other' })
  })

  it('is dirty only when what it would save differs, or a field is wrong', () => {
    expect(isDirty(draft, DEFAULT_SETTINGS)).toBe(false)
    expect(isDirty({ ...draft, leadTimes: '1,7' }, DEFAULT_SETTINGS)).toBe(false)
    expect(isDirty({ ...draft, leadTimes: '7, 1, 30' }, DEFAULT_SETTINGS)).toBe(true)
    expect(isDirty({ ...draft, closeToTray: !draft.closeToTray }, DEFAULT_SETTINGS)).toBe(true)
    expect(isDirty({ ...draft, clipboardSeconds: 'abc' }, DEFAULT_SETTINGS)).toBe(true)
  })
})
