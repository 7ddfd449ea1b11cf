import { useId, useState, type FormEvent } from 'react'
import type { IpcError } from '@shared/errors'
import type { ProfileView } from '@shared/models'
import { checkSecret } from '@shared/token-format'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { toIpcError } from '../../lib/keyward'
import { useAppStore } from '../../stores/app/store'
import { useToastStore } from '../../stores/toast/store'
import { useTokensStore } from '../../stores/tokens/store'

/** Import the secret of a token created elsewhere; core identifies which token it is. */
export function ImportDialog({ profile }: { readonly profile: ProfileView }) {
  const closeDialog = useAppStore((s) => s.closeDialog)
  const importSecret = useTokensStore((s) => s.importSecret)
  const selectToken = useTokensStore((s) => s.select)
  const showToast = useToastStore((s) => s.show)
  const [secret, setSecret] = useState('')
  const [touched, setTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<IpcError | null>(null)
  const id = useId()
  const check = checkSecret(secret)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (!check.ok) return
    setBusy(true)
    setError(null)
    try {
      const token = await importSecret(profile.id, check.secret)
      setSecret('')
      selectToken(token.id)
      showToast(`Imported — the secret of “${token.name}” is in your keychain`)
      closeDialog()
    } catch (err) {
      setError(toIpcError(err))
      setBusy(false)
    }
  }

  return (
    <Modal title="Import a token’s secret" onCancel={closeDialog}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
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
        {error && <ErrorMessage error={error} title="The secret was not imported." />}
        <div className="form-actions">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Importing…' : 'Import secret'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
