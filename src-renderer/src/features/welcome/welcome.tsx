import { useStore } from '../../store'
import { selectInfo } from '../../store/slices/app'
import { focusList } from '../../lib/focus'

/**
 * First launch: what the Sandbox profiles are (a practice Token API on this computer), a sample
 * token to try Copy on (its secret is in the keychain), and the way to one's own profile. Once
 * dismissed it never shows again (core remembers).
 */
export function Welcome() {
  const welcome = useStore(selectInfo)?.welcome ?? null
  const dismissWelcome = useStore((s) => s.dismissWelcome)
  const copyToken = useStore((s) => s.copyToken)
  const showToast = useStore((s) => s.showToast)
  const noteCopy = useStore((s) => s.noteCopy)
  const openDialog = useStore((s) => s.openDialog)
  if (!welcome) return null
  const sample = welcome.sample

  const copySample = async () => {
    if (!sample) return
    try {
      noteCopy(await copyToken(sample.profileId, sample.tokenId), `Copied “${sample.name}”`, 'status-bar')
    } catch {
      showToast(`Could not copy “${sample.name}”.`)
    }
  }

  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <div className="welcome-text">
        <h2 id="welcome-title">Welcome to Keyward</h2>
        <p>
          The <strong>Sandbox</strong> profiles are a practice Token API running only on this computer: nothing here reaches a real service.
          {sample ? ` “${sample.name}” in Sandbox dev has its secret in your keychain — try copying it.` : ''}
        </p>
      </div>
      <div className="welcome-actions">
        {sample && (
          <button type="button" className="primary" onClick={() => void copySample()}>
            Copy “{sample.name}”
          </button>
        )}
        <button type="button" onClick={() => openDialog({ kind: 'profile', profileId: null })}>
          Add your own profile
        </button>
        <button
          type="button"
          onClick={() => {
            void dismissWelcome()
            // The welcome goes away under the focus: the list is where the user continues.
            requestAnimationFrame(() => focusList())
          }}
        >
          Dismiss
        </button>
      </div>
    </section>
  )
}
