import { useState } from 'react'
import { ErrorMessage } from '../../components/error-message'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { selectInfo } from '../../store/slices/app'

/** The built-in sandbox: what it is, and removing it (with a confirmation). */
export function SandboxSection({ enabled }: { readonly enabled: boolean }) {
  const info = useStore(selectInfo)
  const removeSandbox = useStore((s) => s.removeSandbox)
  const [confirming, setConfirming] = useState(false)
  const action = useAction()
  const [done, setDone] = useState(false)
  const running = info?.sandbox.running ?? false
  if (!enabled && !running && !done) return null

  const onRemove = () =>
    action.run(async () => {
      await removeSandbox()
      setDone(true)
      setConfirming(false)
    })
  return (
    <section className="settings-form sandbox-section" aria-labelledby="sandbox-title">
      <h2 id="sandbox-title">Sandbox</h2>
      {done ? (
        <p role="status">The sandbox and its profiles were removed.</p>
      ) : (
        <>
          <p className="hint">
            A built-in Token API on this computer{info?.sandbox.url ? ` (${info.sandbox.url})` : ''}, with the “Sandbox” profiles, so every
            feature can be tried safely. Remove it when you have your own profiles.
          </p>
          {confirming ? (
            <div className="confirm-close" role="group" aria-label="Confirm sandbox removal">
              <p>Stop the sandbox and remove its profiles, tokens and keychain entries?</p>
              <div className="form-actions">
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep sandbox
                </button>
                <button type="button" className="danger" onClick={() => void onRemove()}>
                  Remove sandbox
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="danger subtle" onClick={() => setConfirming(true)}>
              Remove sandbox…
            </button>
          )}
        </>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </section>
  )
}
