import { useState } from 'react'
import type { RotateResult } from '@shared/models'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { CopyStatusLine } from '../../components/copy-status'
import { exactTime, relativeTime } from '../../lib/time'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { selectNow } from '../../store/slices/app'
import { isRotation, selectShown, selectShownCopied } from '../../store/slices/show-once'

/**
 * The only screen that shows a secret, right after create or rotate. Closing clears it from the
 * store; closing before copying asks first, because the secret cannot be shown again.
 */
export function ShowOnceDialog() {
  const result = useStore(selectShown)
  const copied = useStore(selectShownCopied)
  const copyShownSecret = useStore((s) => s.copyShownSecret)
  // Closing the show-once view drops the secret from the store (app slice).
  const close = useStore((s) => s.closeDialog)
  const [confirming, setConfirming] = useState(false)
  const action = useAction()
  const [revealed, setRevealed] = useState(true)

  if (!result) return null
  const rotation = isRotation(result) ? result : null

  const requestClose = () => {
    if (copied) close()
    else setConfirming(true)
  }
  const onCopy = () =>
    action.run(async () => {
      await copyShownSecret()
      setConfirming(false)
    })

  return (
    <Modal title={rotation ? 'Token rotated — copy the new secret' : 'Token created — copy the secret'} onCancel={requestClose} wide>
      <div className="show-once">
        <p>
          <strong>{result.token.name}</strong>. This is the only time Keyward shows this secret.
        </p>
        {result.stored ? (
          <p className="stored-ok" role="status">
            ✓ Stored in your keychain. You can copy it again later from the token’s details.
          </p>
        ) : (
          <div className="stored-bad" role="alert">
            <strong>NOT stored — copy it now.</strong> {result.storeError ?? 'Keyward could not save it in your keychain.'} Once
            you close this window the secret is gone.
          </div>
        )}
        <div className="secret-row">
          <input
            className="secret mono"
            aria-label="Secret"
            readOnly
            type={revealed ? 'text' : 'password'}
            value={result.secret}
            onFocus={(e) => e.currentTarget.select()}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="button" onClick={() => setRevealed((r) => !r)}>
            {revealed ? 'Hide' : 'Show'}
          </button>
          <button type="button" className="primary" onClick={() => void onCopy()} data-autofocus>
            Copy
          </button>
        </div>
        <CopyStatusLine host="show-once" className="muted" />
        {action.error && <ErrorMessage error={action.error} />}
        {rotation?.warning && (
          <div className="banner banner-warning" role="alert">
            {rotation.warning}
          </div>
        )}
        {rotation && <RotationNote rotation={rotation} />}
        {confirming ? (
          <div className="confirm-close" role="alertdialog" aria-label="Close without copying?">
            <p>
              {result.stored
                ? 'You haven’t copied the secret. It stays in your keychain, but this view won’t show it again.'
                : 'You haven’t copied the secret and it is NOT stored. Closing loses it for good.'}
            </p>
            <div className="form-actions">
              <button type="button" onClick={() => setConfirming(false)}>
                Keep open
              </button>
              <button type="button" className="danger" onClick={close}>
                Close without copying
              </button>
            </div>
          </div>
        ) : (
          <div className="form-actions">
            <button type="button" className={copied ? 'primary' : undefined} onClick={requestClose}>
              Done
            </button>
          </div>
        )}
      </div>
    </Modal>
  )
}

/** Until when the old token keeps working, so the user knows how long they have to switch. */
function RotationNote({ rotation }: { readonly rotation: RotateResult }) {
  const now = useStore(selectNow)
  const oldEnd = rotation.oldToken.revokedAt ?? rotation.oldToken.expiresAt
  return (
    <p className="rotation-note" role="note">
      {oldEnd && Date.parse(oldEnd) > now ? (
        <>
          The old token keeps working until <time dateTime={oldEnd}>{exactTime(oldEnd)}</time> ({relativeTime(oldEnd, now)}) — update
          everything that uses it before then.
        </>
      ) : (
        <>The old token stopped working {oldEnd ? <time dateTime={oldEnd}>{exactTime(oldEnd)}</time> : 'now'}.</>
      )}
    </p>
  )
}
