import { useId, useState, type FormEvent } from 'react'
import type { ProfileView } from '@shared/models'
import { EnvBadge } from '../../components/env-badge'
import { DialogActions, type SubmitWords } from '../../components/dialog-actions'
import { Modal } from '../../components/modal'
import { profileActionOf } from '../../lib/provider-actions'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { selectProvider } from '../../store/slices/providers'
import { StepUpFields, useStepUp } from './step-up-fields'
import { defaultCustomDate, type Expiry, ExpiryPicker, expiresAt, expiryProblem } from './expiry-picker'
import { ScopePicker } from './scope-picker'
import { checkDisplayName } from '@shared/display-name'

const WORDS: SubmitWords = { submit: 'Create token', busy: 'Creating…', failed: 'The token was not created.' }

/** Name, scopes and expiry of a new token; on success the store hands the secret to the show-once view. */
export function CreateDialog({ profile }: { readonly profile: ProfileView }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const createToken = useStore((s) => s.createToken)
  const [name, setName] = useState('')
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const [expiry, setExpiry] = useState<Expiry>('30')
  const [customDate, setCustomDate] = useState(defaultCustomDate)
  const [touched, setTouched] = useState(false)
  const action = useAction()
  const nameId = useId()
  const info = useStore(selectProvider(profile.provider))
  const create = profileActionOf(info, 'create')
  const stepUp = useStepUp(create?.stepUp ?? [], info?.descriptor.label ?? profile.provider)

  // The same rule core and the Token API apply, so a name that would garble a notification is refused here first.
  const nameCheck = checkDisplayName(name)
  const nameProblem = name.trim() === '' ? 'Give the token a name that says where it is used.' : nameCheck.ok ? null : `The name ${nameCheck.message}.`
  const scopeProblem = chosen.size === 0 ? 'Choose at least one scope.' : null

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    const stepUpReady = stepUp.check()
    if (nameProblem || scopeProblem || expiryProblem(expiry, customDate) || !stepUpReady) return
    const request = { profileId: profile.id, name: nameCheck.ok ? nameCheck.name : name.trim(), scopes: [...chosen], expiresAt: expiresAt(expiry, customDate) }
    void action.run(() => stepUp.send((input) => createToken({ ...request, ...input })))
  }

  const toggle = (scope: string) =>
    setChosen((prev) => {
      const next = new Set(prev)
      if (next.has(scope)) next.delete(scope)
      else next.add(scope)
      return next
    })

  return (
    <Modal title="New token" onCancel={closeDialog} wide>
      <form className="form" onSubmit={submit} noValidate>
        <p className="form-context">
          In <strong>{profile.name}</strong> <EnvBadge environment={profile.environment} />
        </p>
        <label htmlFor={nameId}>Name</label>
        <input
          id={nameId}
          data-autofocus
          value={name}
          placeholder="e.g. CI deploy (github-actions)"
          onChange={(e) => setName(e.target.value)}
          aria-invalid={touched && !!nameProblem}
        />
        {touched && nameProblem && <p className="field-error">{nameProblem}</p>}
        {create?.text && (
          <p className="hint" role="note">
            {create.text}
          </p>
        )}
        <ScopePicker profileId={profile.id} chosen={chosen} onToggle={toggle} problem={touched ? scopeProblem : null} />
        <ExpiryPicker expiry={expiry} customDate={customDate} onExpiry={setExpiry} onCustomDate={setCustomDate} />
        <StepUpFields stepUp={stepUp} />
        <DialogActions action={action} words={WORDS} onCancel={closeDialog} />
      </form>
    </Modal>
  )
}
