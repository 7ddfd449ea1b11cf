import type { IpcError } from '@shared/errors'
import type { ProfileView, TokenList } from '@shared/models'
import { ErrorMessage } from '../../components/error-message'
import { hostOf } from '../../lib/host'
import { shortTime } from '../../lib/time'
import { useStore } from '../../store'
import { selectNow } from '../../store/slices/app'

interface ProfileNoticesProps {
  readonly profile: ProfileView
  readonly list: TokenList | null
  readonly loading: boolean
  readonly error: IpcError | null
}

/** What the user must know about this profile before acting: prod, warnings, credential, offline, errors. */
export function ProfileNotices({ profile, list, loading, error }: ProfileNoticesProps) {
  const now = useStore(selectNow)
  const loadTokens = useStore((s) => s.loadTokens)
  const openDialog = useStore((s) => s.openDialog)
  return (
    <>
      {profile.environment === 'prod' && <p className="prod-strip">Production — changes here affect live systems.</p>}
      {profile.warnings.map((w) => (
        <p key={w} className="banner banner-warning" role="note">
          {w}
        </p>
      ))}
      {profile.credentialStored === false && (
        <p className="banner banner-warning" role="note">
          This profile’s credential is not in your keychain. Edit the profile and paste it again.
        </p>
      )}
      {(list?.keychainProblem ?? profile.keychainProblem) && (
        <p className="banner banner-warning" role="note">
          {list?.keychainProblem ?? profile.keychainProblem}
        </p>
      )}
      {list?.stale && (
        <div className="banner banner-offline" role="status">
          <span id={OFFLINE_NOTE_ID}>
            Can’t reach {hostOf(profile.baseUrl)} — showing the list from {shortTime(list.fetchedAt, now)}. {offlineReason(list.staleReason, hostOf(profile.baseUrl))}
          </span>
          <button type="button" onClick={() => void loadTokens(profile.id, true)} disabled={loading}>
            Retry
          </button>
        </div>
      )}
      {error && (
        <div className="banner-error-wrap">
          <ErrorMessage error={error} title="Couldn’t load tokens." />
          {/* Only when the credential itself is the problem: a suspension is fixed by an administrator. */}
          {(error.code === 'INVALID_API_KEY' || error.code === 'SECRET_NOT_STORED') && (
            <button type="button" onClick={() => openDialog({ kind: 'profile', profileId: profile.id })}>
              Update credential
            </button>
          )}
        </div>
      )}
    </>
  )
}

/** The offline banner's words, which the buttons disabled while offline point to (aria-describedby). */
export const OFFLINE_NOTE_ID = 'offline-note'

/**
 * Why the list is stale, without saying the host a second time: the banner names it already, and a
 * transport failure's reason ("Could not reach host (ECONNREFUSED)…") only repeats it.
 */
export function offlineReason(reason: string | null, host: string): string {
  if (!reason || reason.includes(host)) return 'Creating, rotating and revoking wait until it answers; check your connection and the profile’s base URL.'
  return reason
}
