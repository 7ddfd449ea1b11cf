import { useState, type FormEvent } from 'react'
import type { ProfileView, TokenView } from '@shared/models'
import { ConfirmName, useNameConfirmation } from '../../components/confirm-name'
import { EnvBadge } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { lifetimeDays } from '@shared/token-lifetime'
import { expiresAt, expiryForLifetime, expiryProblem, ExpiryPicker, type Expiry } from '../create/expiry-picker'

const GRACE: readonly { readonly seconds: number; readonly label: string; readonly hint: string }[] = [
  { seconds: 0, label: 'None', hint: 'the old token stops working at once' },
  { seconds: 3600, label: '1 hour', hint: 'time to update one service' },
  { seconds: 86_400, label: '24 hours', hint: 'time to redeploy' },
  { seconds: 604_800, label: '7 days', hint: 'for tokens spread over many places' },
]

/** Rotate: choose how long the old token keeps working, then see the new secret once. */
export function RotateDialog({ profile, token }: { readonly profile: ProfileView; readonly token: TokenView }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const rotateToken = useStore((s) => s.rotateToken)
  const [grace, setGrace] = useState(3600)
  // The replacement lives as long as the old token did unless the user chooses otherwise.
  const [initial] = useState(() => expiryForLifetime(lifetimeDays(token)))
  const [expiry, setExpiry] = useState<Expiry>(initial.expiry)
  const [customDate, setCustomDate] = useState(initial.customDate)
  const action = useAction()
  const confirmation = useNameConfirmation(profile.environment, token.name)
  const prod = confirmation.required

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!confirmation.confirmed || expiryProblem(expiry, customDate)) return
    // On success the store shows the new secret in place of this dialog.
    void action.run(() =>
      rotateToken({ profileId: profile.id, tokenId: token.id, gracePeriodSeconds: grace, expiresAt: expiresAt(expiry, customDate), ...confirmation.request }),
    )
  }

  return (
    <Modal title={`Rotate “${token.name}”`} onCancel={closeDialog} tone={prod ? 'danger' : undefined}>
      <form className="form" onSubmit={submit}>
        <p className="form-context">
          In <strong>{profile.name}</strong> <EnvBadge environment={profile.environment} />. Keyward creates a replacement with the
          same scopes, stores it in your keychain, checks it works, and only then lets the old one end.
        </p>
        {token.id === profile.credentialKeyId && (
          <p className="hint" role="note">
            This is the key Keyward itself uses for “{profile.name}”: the profile switches to the new key.
          </p>
        )}
        <fieldset>
          <legend>Grace period for the old token</legend>
          <div className="radio-list">
            {GRACE.map((g) => (
              <label key={g.seconds} className="radio-line">
                <input type="radio" name="grace" checked={grace === g.seconds} onChange={() => setGrace(g.seconds)} />
                <span>{g.label}</span>
                <span className="muted"> — {g.hint}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <ExpiryPicker expiry={expiry} customDate={customDate} onExpiry={setExpiry} onCustomDate={setCustomDate} legend="The new token expires" />
        {prod && <ConfirmName name={token.name} value={confirmation.typed} onChange={confirmation.setTyped} />}
        {action.error && <ErrorMessage error={action.error} title="The token was not rotated." />}
        <div className="form-actions">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy || !confirmation.confirmed}>
            {action.busy ? 'Rotating…' : 'Rotate token'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
