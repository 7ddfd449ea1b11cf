import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { IpcError } from '@shared/errors'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { copiedMessage } from '../../lib/copy-message'
import { toIpcError } from '../../lib/keyward'
import { exactTime, relativeTime } from '../../lib/time'
import { selectNow, useAppStore } from '../../stores/app/store'
import { isRotation, useShowOnceStore } from '../../stores/show-once/store'

/**
 * The only screen that shows a secret, right after create or rotate. Closing clears it from the
 * store; closing before copying asks first, because the secret cannot be shown again.
 */
export function ShowOnceDialog() {
  const { result, copied, copy, clear } = useShowOnceStore(
    useShallow((s) => ({ result: s.result, copied: s.copied, copy: s.copy, clear: s.clear })),
  )
  const closeDialog = useAppStore((s) => s.closeDialog)
  const now = useAppStore(selectNow)
  const [confirming, setConfirming] = useState(false)
  const [copyNote, setCopyNote] = useState<string | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [revealed, setRevealed] = useState(true)

  if (!result) return null
  const rotation = isRotation(result) ? result : null

  const close = () => {
    clear()
    closeDialog()
  }
  const requestClose = () => {
    if (copied) close()
    else setConfirming(true)
  }
  const onCopy = async () => {
    setError(null)
    try {
      const { clearsAt } = await copy()
      const text = copiedMessage(clearsAt)
      setCopyNote(text)
      setConfirming(false)
    } catch (e) {
      setError(toIpcError(e))
    }
  }

  const oldEnd = rotation ? (rotation.oldToken.revokedAt ?? rotation.oldToken.expiresAt) : null
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
        {copyNote && (
          <p className="muted" role="status">
            {copyNote}
          </p>
        )}
        {error && <ErrorMessage error={error} />}
        {rotation?.warning && (
          <div className="banner banner-warning" role="alert">
            {rotation.warning}
          </div>
        )}
        {rotation && (
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
        )}
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
