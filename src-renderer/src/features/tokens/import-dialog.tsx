import { useId, useState, type FormEvent } from 'react'
import type { ProfileView } from '@shared/models'
import { checkSecret } from '@shared/token-format'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'

/** Import the secret of a token created elsewhere; core identifies which token it is. */
export function ImportDialog({ profile }: { readonly profile: ProfileView }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const importSecret = useStore((s) => s.importSecret)
  const [secret, setSecret] = useState('')
  const [touched, setTouched] = useState(false)
  const action = useAction()
  const id = useId()
  const check = checkSecret(secret)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (!check.ok) return
    const pasted = check.secret
    void action.run(async () => {
      await importSecret(profile.id, pasted)
      setSecret('')
      closeDialog()
    })
  }

  return (
    <Modal title="Import a token’s secret" onCancel={closeDialog}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="form-context">
          Paste the secret of a token in <strong>{profile.name}</strong> that was created outside Keyward. Keyward asks the API which
          token it is and stores it in your keychain.
        </p>
        <label htmlFor={id}>Secret</label>
        <input
          id={id}
          type="password"
          className="mono"
          data-autofocus
          autoComplete="off"
          spellCheck={false}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={touched && !check.ok}
        />
        {touched && !check.ok && <p className="field-error">{check.message}</p>}
        {action.error && <ErrorMessage error={action.error} title="The secret was not imported." />}
        <div className="form-actions">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy}>
            {action.busy ? 'Importing…' : 'Import secret'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
