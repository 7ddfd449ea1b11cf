import { useId, useState, type FormEvent } from 'react'
import type { ProfileView, TokenView } from '@shared/models'
import type { ProviderInfo } from '@shared/provider-info'
import { ConfirmName, useNameConfirmation } from '../../components/confirm-name'
import { EnvBadge } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { enteredDateProblem, enteredDateToIso, isoToEnteredDate } from '../../lib/entered-date'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'

/**
 * Rotation of a secret Keyward has no API for: the user makes a new one in the vendor's dashboard
 * and pastes it; the old one leaves the keychain. The pasted secret lives in this dialog only.
 */
export function ReplaceSecretDialog({ profile, token, info }: { readonly profile: ProfileView; readonly token: TokenView; readonly info: ProviderInfo }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const rotateToken = useStore((s) => s.rotateToken)
  const [secret, setSecret] = useState('')
  const [date, setDate] = useState(() => isoToEnteredDate(token.expiresAt))
  const [touched, setTouched] = useState(false)
  const action = useAction()
  const confirmation = useNameConfirmation(profile.environment, token.name)
  const ids = { secret: useId(), date: useId(), dateHint: useId() }
  const secretProblem = secret.trim() ? null : 'Paste the new secret from its dashboard.'
  const dateProblem = enteredDateProblem(date)
  const rotateText = info.rotation?.withoutGrace.notices[0] ?? null

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (secretProblem || dateProblem || !confirmation.confirmed) return
    const pasted = secret.trim()
    void action.run(async () => {
      await rotateToken({ profileId: profile.id, tokenId: token.id, gracePeriodSeconds: 0, secret: pasted, expiresAt: enteredDateToIso(date), ...confirmation.request })
      setSecret('')
      // Nothing to show once (the user pasted it): the store says where it went; the dialog is done.
      closeDialog()
    })
  }

  return (
    <Modal title={`Replace the secret of “${token.name}”`} onCancel={closeDialog} tone={confirmation.required ? 'danger' : undefined}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="form-context">
          In <strong>{profile.name}</strong> <EnvBadge environment={profile.environment} />.
        </p>
        {rotateText && (
          <p className="hint" role="note">
            {rotateText}
          </p>
        )}
        <label htmlFor={ids.secret}>New secret</label>
        <input
          id={ids.secret}
          type="password"
          className="mono"
          data-autofocus
          autoComplete="off"
          spellCheck={false}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          aria-invalid={touched && !!secretProblem}
        />
        {touched && secretProblem && <p className="field-error">{secretProblem}</p>}
        <label htmlFor={ids.date}>Expires on</label>
        <input id={ids.date} type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-describedby={ids.dateHint} aria-invalid={!!dateProblem} />
        <p id={ids.dateHint} className="hint">
          As the vendor’s dashboard shows it; leave empty if it does not expire.
        </p>
        {dateProblem && <p className="field-error">{dateProblem}</p>}
        {confirmation.required && <ConfirmName name={token.name} value={confirmation.typed} onChange={confirmation.setTyped} />}
        {action.error && <ErrorMessage error={action.error} title="The secret was not replaced." />}
        <div className="form-actions">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy || !confirmation.confirmed}>
            {action.busy ? 'Replacing…' : 'Replace secret'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
