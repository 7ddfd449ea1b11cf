import { addDays, endOfDay, format } from 'date-fns'
import { useId } from 'react'

export type Expiry = '7' | '30' | '60' | '90' | 'custom' | 'none'
const PRESETS: readonly { readonly key: Expiry; readonly label: string }[] = [
  { key: '7', label: '7 days' },
  { key: '30', label: '30 days' },
  { key: '60', label: '60 days' },
  { key: '90', label: '90 days' },
  { key: 'custom', label: 'Custom date' },
  { key: 'none', label: 'No expiry' },
]

/** The first date a custom expiry may take (yyyy-MM-dd). */
export function tomorrow(): string {
  return format(addDays(new Date(), 1), 'yyyy-MM-dd')
}

/** The default custom date: 30 days from today (yyyy-MM-dd). */
export function defaultCustomDate(): string {
  return format(addDays(new Date(), 30), 'yyyy-MM-dd')
}

/** The choice that gives a token `days` of life: a preset when one fits, else a custom date; none for null. */
export function expiryForLifetime(days: number | null): { readonly expiry: Expiry; readonly customDate: string } {
  if (days === null) return { expiry: 'none', customDate: defaultCustomDate() }
  const preset = PRESETS.find((p) => p.key === String(days))
  return preset ? { expiry: preset.key, customDate: defaultCustomDate() } : { expiry: 'custom', customDate: format(addDays(new Date(), days), 'yyyy-MM-dd') }
}

/** Why the chosen expiry cannot be used, or null. */
export function expiryProblem(expiry: Expiry, customDate: string): string | null {
  return expiry === 'custom' && (!customDate || customDate < tomorrow()) ? 'Choose a date after today.' : null
}

/** The ISO time a choice means: a preset counts from now, a custom date ends with its day. */
export function expiresAt(expiry: Expiry, customDate: string): string | null {
  if (expiry === 'none') return null
  if (expiry === 'custom') {
    // Not date-fns `parse`: it pulls in every format token's parser for one fixed yyyy-MM-dd.
    const [y, m, d] = customDate.split('-').map(Number) as [number, number, number]
    return endOfDay(new Date(y, m - 1, d)).toISOString()
  }
  return addDays(new Date(), Number(expiry)).toISOString()
}

interface ExpiryPickerProps {
  readonly expiry: Expiry
  readonly customDate: string
  readonly onExpiry: (expiry: Expiry) => void
  readonly onCustomDate: (date: string) => void
  readonly legend?: string
}

/** Preset lifetimes, a custom date, or (discouraged) none. */
export function ExpiryPicker({ expiry, customDate, onExpiry, onCustomDate, legend = 'Expires' }: ExpiryPickerProps) {
  const dateId = useId()
  const problem = expiryProblem(expiry, customDate)
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="radio-row">
        {PRESETS.map((p) => (
          <label key={p.key} className={`radio-chip${expiry === p.key ? ' checked' : ''}`}>
            <input type="radio" name="expiry" value={p.key} checked={expiry === p.key} onChange={() => onExpiry(p.key)} />
            {p.label}
          </label>
        ))}
      </div>
      {expiry === 'custom' && (
        <>
          <label htmlFor={dateId}>Expiry date</label>
          <input id={dateId} type="date" min={tomorrow()} value={customDate} onChange={(e) => onCustomDate(e.target.value)} />
          {problem && <p className="field-error">{problem}</p>}
        </>
      )}
      {expiry === 'none' && (
        <p className="hint hint-warn" role="note">
          A token without an expiry works until someone revokes it. Prefer a date and rotate before it — Keyward reminds you.
        </p>
      )}
    </fieldset>
  )
}
