import { useState, type FormEvent } from 'react'
import type { IpcError } from '@shared/errors'
import type { ProfileView, TokenView } from '@shared/models'
import { ConfirmName, useNameConfirmation } from '../../components/confirm-name'
import { EnvBadge } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { toIpcError } from '../../lib/keyward'
import { useAppStore } from '../../stores/app/store'
import { useShowOnceStore } from '../../stores/show-once/store'
import { useTokensStore } from '../../stores/tokens/store'

const GRACE: readonly { readonly seconds: number; readonly label: string; readonly hint: string }[] = [
  { seconds: 0, label: 'None', hint: 'the old token stops working at once' },
  { seconds: 3600, label: '1 hour', hint: 'time to update one service' },
  { seconds: 86_400, label: '24 hours', hint: 'time to redeploy' },
  { seconds: 604_800, label: '7 days', hint: 'for tokens spread over many places' },
]

/** Rotate: choose how long the old token keeps working, then see the new secret once. */
export function RotateDialog({ profile, token }: { readonly profile: ProfileView; readonly token: TokenView }) {
  const closeDialog = useAppStore((s) => s.closeDialog)
  const rotate = useTokensStore((s) => s.rotate)
  const openShowOnce = useShowOnceStore((s) => s.open)
  const [grace, setGrace] = useState(3600)
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
      const result = await rotate({
        profileId: profile.id,
        tokenId: token.id,
        gracePeriodSeconds: grace,
        ...confirmation.request,
      })
      openShowOnce(result)
    } catch (err) {
      setError(toIpcError(err))
      setBusy(false)
    }
  }

  return (
    <Modal title={`Rotate “${token.name}”`} onCancel={closeDialog} tone={prod ? 'danger' : undefined}>
      <form className="form" onSubmit={(e) => void submit(e)}>
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
        {prod && <ConfirmName name={token.name} value={confirmation.typed} onChange={confirmation.setTyped} />}
        {error && <ErrorMessage error={error} title="The token was not rotated." />}
        <div className="form-actions">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !confirmation.confirmed}>
            {busy ? 'Rotating…' : 'Rotate token'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
