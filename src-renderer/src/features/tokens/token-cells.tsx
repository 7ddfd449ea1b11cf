import type { PointerEvent } from 'react'
import type { HealthReason, TokenView } from '@shared/models'
import { exactTime, relativeTime } from '../../lib/time'

/** The colour class of an expiry, from core's tone (the user's lead times): the row and the chip agree. */
export function expiryClass(t: TokenView): string {
  return `exp-${t.health.expiryTone}`
}

/**
 * The exact time as the hover text, written as the pointer moves over the cell: a title formatted
 * into every cell would be three date formats and three DOM writes per row on each keystroke in the
 * search box (the rows then show other tokens), for a text only a hovered cell shows. On moves, not
 * only on entering: a cell under a resting pointer may meanwhile show another token, and the next
 * move then writes that token's time.
 */
function exactTitle(e: PointerEvent<HTMLTimeElement>) {
  const el = e.currentTarget
  const title = exactTime(el.dateTime)
  if (el.title !== title) el.title = title
}

/**
 * A table cell with a relative time and the exact time on hover, or `empty` when there is no time.
 * The `<time>` is the cell itself: every keystroke in the search box rewrites the ~20 rows in view,
 * and each element less in a row is less to lay out and paint (docs/performance.md).
 */
export function TimeCell({ className, iso, now, empty }: { readonly className: string; readonly iso: string | null; readonly now: number; readonly empty: string }) {
  if (!iso) {
    return (
      <div role="cell" className={`${className} muted`}>
        {empty}
      </div>
    )
  }
  return (
    <time role="cell" className={className} dateTime={iso} onPointerMove={exactTitle}>
      {relativeTime(iso, now)}
    </time>
  )
}

const REASON_LABEL: Record<Exclude<HealthReason, 'revoked' | 'expired'>, string> = {
  expiring: 'Expiring',
  'rotation-due': 'Rotation due',
  stale: 'Stale',
  'never-used': 'Never used',
  replacing: 'Being replaced',
}

/**
 * The status chip, then the health reasons that make the token need attention: in a table row the
 * first only, with "+N" for the rest; `all` in the detail panel. Put in a flex container (`.status-cell`).
 */
export function StatusChips({ token, all = false }: { readonly token: TokenView; readonly all?: boolean }) {
  const shown = all ? Infinity : 1
  const reasons = token.status === 'active' ? token.health.reasons.filter((r) => r !== 'revoked' && r !== 'expired') : []
  return (
    <>
      <span className={`status status-${token.status}`}>{STATUS_LABEL[token.status]}</span>
      {reasons.slice(0, shown).map((r) => (
        <span key={r} className={`reason reason-${r}`}>
          {REASON_LABEL[r as keyof typeof REASON_LABEL]}
        </span>
      ))}
      {reasons.length > shown && (
        // One chip keeps rows one line high; the rest are named on hover and in the detail panel.
        <span className="reason reason-more" title={reasons.slice(1).map((r) => REASON_LABEL[r as keyof typeof REASON_LABEL]).join(', ')}>
          +{reasons.length - 1}
        </span>
      )}
    </>
  )
}

export const STATUS_LABEL = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const

/** The key mark shown when the token's secret is in the keychain. */
export function StoredMark() {
  return (
    <span className="stored-mark" role="img" aria-label="Secret in keychain" title="Secret stored in your keychain">
      <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
        <circle cx="5" cy="8" r="3.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M8 8h7M12.5 8v2.6M14.5 8v2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
    </span>
  )
}
