import { useState, type FormEvent } from 'react'
import type { ProfileView, TokenView } from '@shared/models'
import type { ProviderInfo } from '@shared/provider-info'
import { useNameConfirmation } from '../../components/confirm-name'
import { EnvBadge } from '../../components/env-badge'
import { DialogActions, type SubmitWords } from '../../components/dialog-actions'
import { Modal } from '../../components/modal'
import { tokenActionsOf } from '../../lib/provider-actions'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { selectProvider } from '../../store/slices/providers'
import { lifetimeDays } from '@shared/token-lifetime'
import { expiresAt, expiryForLifetime, expiryProblem, ExpiryPicker, type Expiry } from '../create/expiry-picker'
import { StepUpFields, useStepUp } from '../create/step-up-fields'
import { ReplaceSecretDialog } from './replace-secret-dialog'

const WORDS: SubmitWords = { submit: 'Rotate token', busy: 'Rotating…', failed: 'The token was not rotated.' }

const GRACE: readonly { readonly seconds: number; readonly label: string; readonly hint: string }[] = [
  { seconds: 0, label: 'None', hint: 'the old token stops working at once' },
  { seconds: 3600, label: '1 hour', hint: 'time to update one service' },
  { seconds: 86_400, label: '24 hours', hint: 'time to redeploy' },
  { seconds: 604_800, label: '7 days', hint: 'for tokens spread over many places' },
]

/** Rotate, as the profile's provider rotates: a new token at the provider, or a new secret pasted in. */
export function RotateDialog({ profile, token }: { readonly profile: ProfileView; readonly token: TokenView }) {
  const info = useStore(selectProvider(profile.provider))
  if (!info) return null
  if (info.descriptor.rotation === 'replace-secret') return <ReplaceSecretDialog profile={profile} token={token} info={info} />
  return <ProviderRotateDialog profile={profile} token={token} info={info} />
}

/** Choose how long the old token keeps working (where someone can keep it), read the provider's rules, then see the new secret once. */
function ProviderRotateDialog({ profile, token, info }: { readonly profile: ProfileView; readonly token: TokenView; readonly info: ProviderInfo }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const rotateToken = useStore((s) => s.rotateToken)
  const rotation = info.rotation
  const graceOffered = rotation?.withGrace.graceKeptBy != null
  const [grace, setGrace] = useState(graceOffered ? 3600 : 0)
  // The replacement lives as long as the old token did unless the user chooses otherwise.
  const [initial] = useState(() => expiryForLifetime(lifetimeDays(token)))
  const [expiry, setExpiry] = useState<Expiry>(initial.expiry)
  const [customDate, setCustomDate] = useState(initial.customDate)
  const action = useAction()
  const confirmation = useNameConfirmation(profile.environment, token.name)
  const prod = confirmation.required
  const rotate = tokenActionsOf(info, profile, token)?.rotate
  const stepUp = useStepUp(rotate?.stepUp ?? [], info.descriptor.label)
  const summary = grace > 0 ? rotation?.withGrace : rotation?.withoutGrace

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const stepUpReady = stepUp.check()
    if (!confirmation.confirmed || expiryProblem(expiry, customDate) || !stepUpReady) return
    const request = { profileId: profile.id, tokenId: token.id, gracePeriodSeconds: grace, expiresAt: expiresAt(expiry, customDate), ...confirmation.request }
    // On success the store shows the new secret in place of this dialog.
    void action.run(() => stepUp.send((input) => rotateToken({ ...request, ...input })))
  }

  return (
    <Modal title={`Rotate “${token.name}”`} onCancel={closeDialog} tone={prod ? 'danger' : undefined}>
      <form className="form" onSubmit={submit}>
        <p className="form-context">
          In <strong>{profile.name}</strong> <EnvBadge environment={profile.environment} />. Keyward stores the new token in your
          keychain and checks that it works.
        </p>
        {summary && summary.notices.length > 0 && (
          <ul className="provider-rules" aria-label={`How ${info.descriptor.label} rotates`}>
            {summary.notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
        {token.id === profile.credentialKeyId && (
          <p className="hint" role="note">
            This is the key Keyward itself uses for “{profile.name}”: the profile switches to the new key.
          </p>
        )}
        {graceOffered && (
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
        )}
        <ExpiryPicker expiry={expiry} customDate={customDate} onExpiry={setExpiry} onCustomDate={setCustomDate} legend="The new token expires" />
        <StepUpFields stepUp={stepUp} />
        <DialogActions action={action} words={WORDS} onCancel={closeDialog} confirmation={confirmation} />
      </form>
    </Modal>
  )
}
