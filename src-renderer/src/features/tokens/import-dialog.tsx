import { useState, type FormEvent } from 'react'
import type { ProfileView } from '@shared/models'
import { DialogActions, type SubmitWords } from '../../components/dialog-actions'
import { Modal } from '../../components/modal'
import { SecretField } from '../../components/secret-field'
import { offlineCheck } from '../../lib/credential-checks'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { selectProvider } from '../../store/slices/providers'
import { AddSecretDialog } from './add-secret-dialog'

const ADD: SubmitWords = { submit: 'Add token', busy: 'Adding…', failed: 'The token was not added.' }
const IMPORT: SubmitWords = { submit: 'Import secret', busy: 'Importing…', failed: 'The secret was not imported.' }

/** Keep the secret of a token made elsewhere: identified by its provider, or described by the user where none can tell. */
export function ImportDialog({ profile }: { readonly profile: ProfileView }) {
  const info = useStore(selectProvider(profile.provider))
  if (!info) return null
  if (!info.descriptor.capabilities.identify.available) return <AddSecretDialog profile={profile} />
  return <IdentifiedImportDialog profile={profile} local={info.descriptor.inventory === 'local'} providerLabel={info.descriptor.label} />
}

/** Import (or, where Keyward keeps the list, add) a secret; core asks the provider which token it is. */
function IdentifiedImportDialog({ profile, local, providerLabel }: { readonly profile: ProfileView; readonly local: boolean; readonly providerLabel: string }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const importSecret = useStore((s) => s.importSecret)
  const [secret, setSecret] = useState('')
  const [touched, setTouched] = useState(false)
  const action = useAction()
  const check = offlineCheck(profile.provider, secret)
  const problem = !secret.trim() ? 'Paste the token’s secret.' : check && !check.ok ? check.message : null

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (problem) return
    const pasted = check?.ok ? check.secret : secret.trim()
    void action.run(async () => {
      await importSecret(profile.id, pasted)
      setSecret('')
      closeDialog()
    })
  }

  return (
    <Modal title={local ? 'Add a token' : 'Import a token’s secret'} onCancel={closeDialog}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="form-context">
          {local
            ? `Paste a token you made on ${providerLabel}. Keyward asks ${providerLabel} whose it is and when it expires, and keeps it in your keychain.`
            : 'Paste the secret of a token that was created outside Keyward. Keyward asks the API which token it is and stores it in your keychain.'}{' '}
          In <strong>{profile.name}</strong>.
        </p>
        <SecretField label="Secret" value={secret} onChange={setSecret} problem={problem} showProblem={touched} checkOnBlur autoFocus />
        <DialogActions action={action} words={local ? ADD : IMPORT} onCancel={closeDialog} />
      </form>
    </Modal>
  )
}
