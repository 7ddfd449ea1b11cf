import { useState } from 'react'
import type { ProfileView, TokenView } from '@shared/models'
import { ErrorMessage } from '../../components/error-message'
import { CopyStatusLine } from '../../components/copy-status'
import { focusTokenRow } from '../../lib/focus'
import { exactTime, relativeTime, shortTime } from '../../lib/time'
import { tokenActionsOf } from '../../lib/provider-actions'
import { useAction } from '../../lib/use-action'
import { hostOf } from '../../lib/host'
import { useStore } from '../../store'
import { selectNow } from '../../store/slices/app'
import { selectProvider } from '../../store/slices/providers'
import { expiryClass, STATUS_LABEL, StatusChips } from './token-cells'
import { TokenReference } from './token-reference'

interface TokenDetailProps {
  readonly profile: ProfileView
  readonly token: TokenView
  /** The list is from the offline cache: actions that need the API are disabled. */
  readonly stale: boolean
}

const REASON_TEXT = {
  revoked: 'Revoked: it no longer works.',
  expired: 'Expired: it no longer works.',
  expiring: 'Expires soon: rotate it before it stops working.',
  'rotation-due': 'Older than your rotation age: rotate it.',
  stale: 'Not used for a long time: revoke it if nothing needs it.',
  'never-used': 'Never used since it was created: revoke it if nothing needs it.',
  replacing: 'Being replaced: a rotation issued its successor, and it stops working when the grace period ends.',
} as const

/** Every field of one token and what can be done with it. */
export function TokenDetail({ profile, token: t, stale }: TokenDetailProps) {
  const selectToken = useStore((s) => s.selectToken)
  return (
    <aside
      className="detail"
      aria-labelledby="detail-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          selectToken(null)
          focusTokenRow(t.id)
        }
      }}
    >
      <header className="detail-header">
        <h2 id="detail-title">{t.name}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close details"
          onClick={() => {
            selectToken(null)
            focusTokenRow(t.id)
          }}
        >
          ×
        </button>
      </header>
      <span className="status-cell">
        <StatusChips token={t} all />
      </span>
      <TokenActions profile={profile} token={t} stale={stale} />
      <TokenFields profile={profile} token={t} />
      <TokenReference profile={profile} token={t} />
    </aside>
  )
}

/** Copy, rotate, revoke, import, and snoozing the token's reminders; with what came of the last one. */
function TokenActions({ profile, token: t, stale }: TokenDetailProps) {
  const openDialog = useStore((s) => s.openDialog)
  const copyToken = useStore((s) => s.copyToken)
  const noteCopy = useStore((s) => s.noteCopy)
  const snoozeToken = useStore((s) => s.snoozeToken)
  const action = useAction()
  const [note, setNote] = useState<string | null>(null)
  const active = t.status === 'active'
  // What the provider lets Keyward do with this token; an absent action says why, where its button would be.
  const info = useStore(selectProvider(profile.provider))
  const actions = tokenActionsOf(info, profile, t)
  const absent = actions ? [actions.rotate, actions.revoke].filter((a) => !a.available && a.text) : []
  const onCopy = () =>
    action.run(async () => {
      noteCopy(await copyToken(profile.id, t.id), 'Copied', 'detail', { profileId: profile.id, tokenId: t.id })
      setNote(null)
    })
  const onSnooze = (days: 1 | 7) =>
    action.run(async () => {
      const { until } = await snoozeToken(profile.id, t.id, days)
      setNote(`Reminders for this token are snoozed until ${shortTime(until, Date.now())}.`)
    })

  return (
    <>
      <div className="detail-actions">
        {t.health.stored && active && (
          <button type="button" className="primary" onClick={() => void onCopy()}>
            Copy secret
          </button>
        )}
        {actions?.rotate.available && (
          <button type="button" disabled={stale} onClick={() => openDialog({ kind: 'rotate', tokenId: t.id })}>
            {actions.rotate.label}…
          </button>
        )}
        {actions?.revoke.available && (
          <button type="button" className="danger subtle" disabled={stale} onClick={() => openDialog({ kind: 'revoke', tokenId: t.id })}>
            {actions.revoke.label}…
          </button>
        )}
        {!t.health.stored && active && (
          <button type="button" disabled={stale} onClick={() => openDialog({ kind: 'import' })}>
            Import secret…
          </button>
        )}
      </div>
      {absent.map((a) => (
        <p key={a.action} className="action-note">
          <strong>{a.label}:</strong> {a.text}
        </p>
      ))}
      {stale && active && <p className="hint">Offline: rotating, revoking and importing wait until {hostOf(profile.baseUrl)} answers.</p>}
      {note && (
        <p className="detail-note" role="status">
          {note}
        </p>
      )}
      <CopyStatusLine host="detail" className="detail-note" />
      {action.error && <ErrorMessage error={action.error} />}

      {t.health.reasons.length > 0 && (
        <ul className="reasons" aria-label={t.health.beingReplaced ? 'Being replaced' : 'Why it needs attention'}>
          {t.health.reasons.map((r) => (
            <li key={r} className={`reason-line reason-${r}`}>
              {REASON_TEXT[r]}
            </li>
          ))}
        </ul>
      )}
      {active && t.health.needsAttention && (
        <div className="snooze" role="group" aria-label="Snooze reminders">
          <span className="muted">Snooze reminders:</span>
          <button type="button" className="link-button" onClick={() => void onSnooze(1)}>
            1 day
          </button>
          <button type="button" className="link-button" onClick={() => void onSnooze(7)}>
            1 week
          </button>
        </div>
      )}
    </>
  )
}

/** Every field of the token, with exact times. */
function TokenFields({ profile, token: t }: { readonly profile: ProfileView; readonly token: TokenView }) {
  const now = useStore(selectNow)
  const lastUsed = useStore(selectProvider(profile.provider))?.descriptor.capabilities.lastUsed
  // A provider that never tells last use: "Never" would be a claim Keyward cannot make.
  const lastUsedUnknown = lastUsed && !lastUsed.available ? lastUsed.reason : null
  return (
    <dl className="fields">
        <dt>Status</dt>
        <dd>{STATUS_LABEL[t.status]}</dd>
        <dt>Key</dt>
        <dd className="mono">
          {t.prefix}…{t.hint}
        </dd>
        <dt>Keychain</dt>
        <dd>
          {t.health.stored
            ? 'Secret stored in your keychain'
            : t.id === profile.credentialKeyId
              ? 'Stored as this profile’s credential (not copyable)'
              : 'Not stored in Keyward'}
        </dd>
        <dt>Scopes</dt>
        <dd>
          <ul className="scope-list">
            {t.scopes.map((s) => (
              <li key={s} className="mono">
                {s}
              </li>
            ))}
          </ul>
        </dd>
        {t.entered && (
          <>
            <dt>Provider</dt>
            <dd>{t.entered.providerLabel}</dd>
          </>
        )}
        <dt>{t.createdAtKnown === false ? 'Added' : 'Created'}</dt>
        <dd>
          <Exact iso={t.createdAt} now={now} />{' '}
          <span className="muted">
            {t.createdAtKnown === false ? '(the provider does not tell when it was created)' : `(${t.health.ageDays} days old)`}
          </span>
        </dd>
        <dt>Last used</dt>
        <dd>{t.lastUsed ? <Exact iso={t.lastUsed} now={now} /> : lastUsedUnknown ? <span className="muted">Not reported — {lastUsedUnknown}</span> : 'Never'}</dd>
        <dt>Expires</dt>
        <dd className={expiryClass(t)}>{t.expiresAt ? <Exact iso={t.expiresAt} now={now} /> : 'Never (no expiry date)'}</dd>
        {t.revokedAt && (
          <>
            <dt>Revoked</dt>
            <dd>
              <Exact iso={t.revokedAt} now={now} />
            </dd>
          </>
        )}
        <dt>Allowed IPs</dt>
        <dd>{t.allowedIps.length > 0 ? t.allowedIps.join(', ') : <span className="muted">Any</span>}</dd>
        <dt>ID</dt>
        <dd className="mono">{t.id}</dd>
        {t.entered?.notes && (
          <>
            <dt>Notes</dt>
            <dd className="notes">{t.entered.notes}</dd>
          </>
        )}
      </dl>
  )
}

function Exact({ iso, now }: { readonly iso: string; readonly now: number }) {
  return (
    <>
      <time dateTime={iso}>{relativeTime(iso, now)}</time> <span className="muted">· {exactTime(iso)}</span>
    </>
  )
}
