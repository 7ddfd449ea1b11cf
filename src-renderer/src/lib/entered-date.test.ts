import { expect, test } from 'vitest'
import { enteredDateProblem, enteredDateToIso, isoToEnteredDate } from './entered-date'

test('a typed expiry day is kept as the end of that local day, and reads back as the same day', () => {
  const iso = enteredDateToIso('2027-03-31')
  expect(iso).not.toBeNull()
  const end = new Date(iso!)
  expect([end.getFullYear(), end.getMonth() + 1, end.getDate(), end.getHours(), end.getMinutes()]).toEqual([2027, 3, 31, 23, 59])
  expect(isoToEnteredDate(iso)).toBe('2027-03-31')
})

test('no date is no expiry; a date that is not one is refused with an example', () => {
  expect(enteredDateToIso('')).toBeNull()
  expect(isoToEnteredDate(null)).toBe('')
  expect(enteredDateProblem('')).toBeNull()
  expect(enteredDateProblem('2027-02-30x')).toMatch(/like 2027-03-31/)
})
