import type { FormEvent } from 'react'
import type { ProfileView, TokenView } from '@shared/models'
import { useNameConfirmation } from '../../components/confirm-name'
import { EnvBadge } from '../../components/env-badge'
import { DialogActions, type SubmitWords } from '../../components/dialog-actions'
import { Modal } from '../../components/modal'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { selectNow } from '../../store/slices/app'
import { selectProvider } from '../../store/slices/providers'

const REVOKE: SubmitWords = { submit: 'Revoke token', busy: 'Revoking…', failed: 'The token was not revoked.' }
const FORGET: SubmitWords = { submit: 'Forget secret', busy: 'Forgetting…', failed: 'The secret was not forgotten.' }

/** Revoke: cannot be undone, so it says so; on prod the name must be typed. */
export function RevokeDialog({ profile, token }: { readonly profile: ProfileView; readonly token: TokenView }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const now = useStore(selectNow)
  const revokeToken = useStore((s) => s.revokeToken)
  const action = useAction()
  const confirmation = useNameConfirmation(profile.environment, token.name)
  const info = useStore(selectProvider(profile.provider))
  // The provider's own caveat (GitHub emails the owner); the lock-out warning below has its own line.
  const revokeState = info?.descriptor.capabilities.revoke
  const revokeNote = revokeState?.available ? revokeState.note : null
  // Forgetting (a secret with no API) only removes it from the keychain; it keeps working at its vendor.
  const forget = info?.descriptor.revokeBy === 'forget'
  const verb = forget ? 'Forget' : 'Revoke'

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!confirmation.confirmed) return
    void action.run(async () => {
      await revokeToken({ profileId: profile.id, tokenId: token.id, ...confirmation.request })
      closeDialog()
    })
  }

  return (
    <Modal title={`${verb} “${token.name}”?`} onCancel={closeDialog} tone="danger">
      <form className="form" onSubmit={submit}>
        <p className="form-context">
          In <strong>{profile.name}</strong> <EnvBadge environment={profile.environment} />.{' '}
          {forget
            ? 'Keyward removes the secret from your keychain and its entry from this list.'
            : 'Anything still using this token gets 401 errors from now on. This cannot be undone.'}
        </p>
        {revokeNote && (
          <p className="hint" role="note">
            {revokeNote}
          </p>
        )}
        {token.id === profile.credentialKeyId && (
          <p className="hint hint-warn" role="alert">
            This is the key Keyward itself uses for “{profile.name}”. Once it is revoked, Keyward cannot list or manage this
            profile’s tokens until you paste another key in the profile settings.
          </p>
        )}
        {token.lastUsed && now - Date.parse(token.lastUsed) < 7 * 86_400_000 && (
          <p className="hint hint-warn">It was used in the last 7 days — make sure nothing depends on it, or rotate it instead.</p>
        )}
        <DialogActions action={action} words={forget ? FORGET : REVOKE} onCancel={closeDialog} confirmation={confirmation} danger />
      </form>
    </Modal>
  )
}
