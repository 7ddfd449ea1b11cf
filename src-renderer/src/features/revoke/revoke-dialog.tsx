import { useState, type FormEvent } from 'react'
import type { IpcError } from '@shared/errors'
import type { ProfileView, TokenView } from '@shared/models'
import { ConfirmName, useNameConfirmation } from '../../components/confirm-name'
import { EnvBadge } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { toIpcError } from '../../lib/keyward'
import { selectNow, useAppStore } from '../../stores/app/store'
import { useToastStore } from '../../stores/toast/store'
import { useTokensStore } from '../../stores/tokens/store'

/** Revoke: cannot be undone, so it says so; on prod the name must be typed. */
export function RevokeDialog({ profile, token }: { readonly profile: ProfileView; readonly token: TokenView }) {
  const closeDialog = useAppStore((s) => s.closeDialog)
  const now = useAppStore(selectNow)
  const revoke = useTokensStore((s) => s.revoke)
  const showToast = useToastStore((s) => s.show)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<IpcError | null>(null)
  const confirmation = useNameConfirmation(profile.environment, token.name)
  const prod = confirmation.required

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!confirmation.confirmed) return
    setBusy(true)
    setError(null)
    try {
      await revoke({ profileId: profile.id, tokenId: token.id, ...confirmation.request })
      showToast(`Revoked “${token.name}”`)
      closeDialog()
    } catch (err) {
      setError(toIpcError(err))
      setBusy(false)
    }
  }

  return (
    <Modal title={`Revoke “${token.name}”?`} onCancel={closeDialog} tone="danger">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="form-context">
          In <strong>{profile.name}</strong> <EnvBadge environment={profile.environment} />. Anything still using this token gets
          401 errors from now on. This cannot be undone.
        </p>
        {token.id === profile.credentialKeyId && (
          <p className="hint hint-warn" role="alert">
            This is the key Keyward itself uses for “{profile.name}”. Once it is revoked, Keyward cannot list or manage this
            profile’s tokens until you paste another key in the profile settings.
          </p>
        )}
        {token.lastUsed && now - Date.parse(token.lastUsed) < 7 * 86_400_000 && (
          <p className="hint hint-warn">It was used in the last 7 days — make sure nothing depends on it, or rotate it instead.</p>
        )}
        {prod && <ConfirmName name={token.name} value={confirmation.typed} onChange={confirmation.setTyped} />}
        {error && <ErrorMessage error={error} title="The token was not revoked." />}
        <div className="form-actions">
          <button type="button" onClick={closeDialog} data-autofocus>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy || !confirmation.confirmed}>
            {busy ? 'Revoking…' : 'Revoke token'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
