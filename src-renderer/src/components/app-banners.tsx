import { useShallow } from 'zustand/react/shallow'
import { ErrorMessage } from './error-message'
import { useAppStore } from '../stores/app/store'

/** App-wide problems found at start: keychain, settings file, built-in sandbox, interrupted rotations. */
export function AppBanners() {
  const { info, infoError, dismissRotation } = useAppStore(
    useShallow((s) => ({ info: s.info, infoError: s.infoError, dismissRotation: s.dismissRotation })),
  )
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
