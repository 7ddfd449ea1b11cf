import { useId, useState, type FormEvent } from 'react'
import { checkDisplayName } from '@shared/display-name'
import type { Environment, ProfileView } from '@shared/models'
import { EnvironmentSelect } from '../../components/environment-select'
import { DialogActions, type SubmitWords } from '../../components/dialog-actions'
import { Modal } from '../../components/modal'
import { SecretField } from '../../components/secret-field'
import { enteredDateProblem, enteredDateToIso } from '../../lib/entered-date'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'

const WORDS: SubmitWords = { submit: 'Add secret', busy: 'Adding…', failed: 'The secret was not added.' }

/**
 * A secret from any dashboard (Stripe, OpenAI, a seed vendor): Keyward cannot ask anyone about it,
 * so the user says what it is. The secret goes to the keychain; everything else is what the list,
 * health and reminders read.
 */
export function AddSecretDialog({ profile }: { readonly profile: ProfileView }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const importSecret = useStore((s) => s.importSecret)
  const [name, setName] = useState('')
  const [environment, setEnvironment] = useState<Environment>(profile.environment)
  const [providerLabel, setProviderLabel] = useState('')
  const [scopes, setScopes] = useState('')
  const [date, setDate] = useState('')
  const [notes, setNotes] = useState('')
  const [secret, setSecret] = useState('')
  const [touched, setTouched] = useState(false)
  const action = useAction()
  const ids = { name: useId(), vendor: useId(), scopes: useId(), date: useId(), notes: useId(), dateHint: useId() }

  const nameCheck = checkDisplayName(name)
  const problems = {
    name: !name.trim() ? 'Give the secret a name that says where it is used.' : nameCheck.ok ? null : `The name ${nameCheck.message}.`,
    vendor: providerLabel.trim() ? null : 'Say whose secret it is (e.g. Stripe).',
    date: enteredDateProblem(date),
    secret: secret.trim() ? null : 'Paste the secret.',
  }
  const invalid = Object.values(problems).some(Boolean)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (invalid) return
    const entry = {
      name: nameCheck.ok ? nameCheck.name : name.trim(),
      environment,
      providerLabel: providerLabel.trim(),
      scopes: scopes.trim(),
      expiresAt: enteredDateToIso(date),
      notes: notes.trim(),
    }
    const pasted = secret.trim()
    void action.run(async () => {
      await importSecret(profile.id, pasted, entry)
      setSecret('')
      closeDialog()
    })
  }

  const error = (p: string | null) => touched && p && <p className="field-error">{p}</p>
  return (
    <Modal title="Add a secret" onCancel={closeDialog} wide>
      <form className="form" onSubmit={submit} noValidate>
        <p className="form-context">
          A secret from any dashboard, kept in your keychain. In <strong>{profile.name}</strong>.
        </p>
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} data-autofocus value={name} maxLength={100} placeholder="e.g. Stripe webhooks (billing)" onChange={(e) => setName(e.target.value)} aria-invalid={touched && !!problems.name} />
        {error(problems.name)}
        <label htmlFor={ids.vendor}>Provider</label>
        <input id={ids.vendor} value={providerLabel} maxLength={100} placeholder="e.g. Stripe, OpenAI" onChange={(e) => setProviderLabel(e.target.value)} aria-invalid={touched && !!problems.vendor} />
        {error(problems.vendor)}
        <EnvironmentSelect value={environment} onChange={setEnvironment} />
        <label htmlFor={ids.scopes}>Scopes</label>
        <input id={ids.scopes} value={scopes} maxLength={1000} placeholder="as the dashboard names them, e.g. read_only, charges:write" onChange={(e) => setScopes(e.target.value)} />
        <label htmlFor={ids.date}>Expires on</label>
        <input id={ids.date} type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-describedby={ids.dateHint} aria-invalid={!!problems.date} />
        <p id={ids.dateHint} className="hint">
          Leave empty if it does not expire. Keyward reminds you before the date.
        </p>
        {problems.date && <p className="field-error">{problems.date}</p>}
        <label htmlFor={ids.notes}>Notes</label>
        <textarea id={ids.notes} value={notes} maxLength={5000} rows={2} onChange={(e) => setNotes(e.target.value)} />
        <SecretField label="Secret" value={secret} onChange={setSecret} problem={problems.secret} showProblem={touched} />
        <DialogActions action={action} words={WORDS} onCancel={closeDialog} />
      </form>
    </Modal>
  )
}
