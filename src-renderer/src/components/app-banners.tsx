import { ErrorMessage } from './error-message'
import { useStore } from '../store'
import { selectInfo, selectInfoError } from '../store/slices/app'

/** App-wide problems found at start: keychain, settings file, built-in sandbox, interrupted rotations. */
export function AppBanners() {
  const info = useStore(selectInfo)
  const infoError = useStore(selectInfoError)
  const dismissRotation = useStore((s) => s.dismissRotation)
  if (infoError) return <ErrorMessage error={infoError} />
  if (!info) return null
  return (
    <>
      {!info.keychain.available && (
        <div className="banner banner-danger" role="alert">
          <span>
            <strong>Keychain unavailable.</strong>{' '}
            {info.keychain.message ?? 'Unlock your keychain (or start your desktop keyring), then restart Keyward.'} Until then Keyward
            cannot create, store or copy secrets.
          </span>
        </div>
      )}
      {info.settingsProblem && (
        <div className="banner banner-warning" role="alert">
          <span>
            <strong>Settings problem.</strong> {info.settingsProblem}
          </span>
        </div>
      )}
      {info.sandboxProblem && (
        <div className="banner banner-warning" role="alert">
          <span>
            <strong>Sandbox problem.</strong> {info.sandboxProblem}
          </span>
        </div>
      )}
      {info.interruptedRotations.map((r) => (
        <div key={r.id} className="banner banner-warning" role="alert">
          <span>
            <strong>Rotation of “{r.tokenName}” was interrupted.</strong> {r.message}
          </span>
          <button type="button" onClick={() => void dismissRotation(r.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </>
  )
}
