/**
 * Expiry dates a user types for a secret from any dashboard: a calendar day (yyyy-MM-dd). A secret
 * that "expires on the 3rd" works through that day, so it is kept as the end of that local day.
 */
import { format } from 'date-fns'

/** yyyy-MM-dd → ISO time at the end of that local day; '' → null (no expiry). */
export function enteredDateToIso(date: string): string | null {
  if (!date) return null
  const end = new Date(`${date}T23:59:59`)
  return Number.isNaN(end.getTime()) ? null : end.toISOString()
}

/** An ISO time → the local day it falls on (yyyy-MM-dd), for a date input; null → ''. */
export function isoToEnteredDate(iso: string | null): string {
  return iso ? format(new Date(iso), 'yyyy-MM-dd') : ''
}

/** Why a typed date cannot be an expiry, or null. An already past date is allowed: it records an expired secret. */
export function enteredDateProblem(date: string): string | null {
  if (!date) return null
  return enteredDateToIso(date) ? null : 'Enter a date like 2027-03-31, or leave it empty for no expiry.'
}
