import { useId, useState, type FormEvent } from 'react'
import type { ProfileView, TokenView } from '@shared/models'
import type { ProviderInfo } from '@shared/provider-info'
import { useNameConfirmation } from '../../components/confirm-name'
import { EnvBadge } from '../../components/env-badge'
import { DialogActions, type SubmitWords } from '../../components/dialog-actions'
import { Modal } from '../../components/modal'
import { SecretField } from '../../components/secret-field'
import { enteredDateProblem, enteredDateToIso, isoToEnteredDate } from '../../lib/entered-date'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'

const WORDS: SubmitWords = { submit: 'Replace secret', busy: 'Replacing…', failed: 'The secret was not replaced.' }

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
  const ids = { date: useId(), dateHint: useId() }
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
        <SecretField label="New secret" value={secret} onChange={setSecret} problem={secretProblem} showProblem={touched} autoFocus />
        <label htmlFor={ids.date}>Expires on</label>
        <input id={ids.date} type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-describedby={ids.dateHint} aria-invalid={!!dateProblem} />
        <p id={ids.dateHint} className="hint">
          As the vendor’s dashboard shows it; leave empty if it does not expire.
        </p>
        {dateProblem && <p className="field-error">{dateProblem}</p>}
        <DialogActions action={action} words={WORDS} onCancel={closeDialog} confirmation={confirmation} />
      </form>
    </Modal>
  )
}
