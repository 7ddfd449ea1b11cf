import type { ProfileView, TokenList } from '@shared/models'
import { EnvBadge } from '../../components/env-badge'
import { useId } from 'react'
import { hostOf } from '../../lib/host'
import { profileActionOf } from '../../lib/provider-actions'
import { OFFLINE_NOTE_ID } from './profile-notices'
import { shortTime } from '../../lib/time'
import { useStore } from '../../store'
import { selectNow } from '../../store/slices/app'
import { selectProvider } from '../../store/slices/providers'

interface ProfileHeaderProps {
  readonly profile: ProfileView
  readonly list: TokenList | null
  readonly loading: boolean
}

/** The profile's name, organization or account, provider, host and freshness, and what can be done with it. */
export function ProfileHeader({ profile, list, loading }: ProfileHeaderProps) {
  const now = useStore(selectNow)
  const loadTokens = useStore((s) => s.loadTokens)
  const openDialog = useStore((s) => s.openDialog)
  const info = useStore(selectProvider(profile.provider))
  const create = profileActionOf(info, 'create')
  // A provider that can identify a pasted token is asked which one it is; an entered secret is described by the user.
  const identifies = info?.descriptor.capabilities.identify.available ?? true
  const noteId = useId()
  return (
    <header className="main-header">
      <div className="title-block">
        <h1 id="profile-title">
          {profile.name} <EnvBadge environment={profile.environment} />
        </h1>
        <p className="subtitle">
          {profile.organization ? (
            <span>{profile.organization.name}</span>
          ) : profile.account ? (
            // Who the credential is at the provider (an npm user, a GitLab user, a GitHub login).
            <span title="The account of this profile’s credential">{profile.account.name}</span>
          ) : null}
          {info && <span>{info.descriptor.label}</span>}
          {profile.baseUrl && <span className="mono">{hostOf(profile.baseUrl)}</span>}
          {list && !list.stale && <span title={list.fetchedAt}>updated {shortTime(list.fetchedAt, now)}</span>}
        </p>
      </div>
      <div className="header-actions">
        <button type="button" onClick={() => void loadTokens(profile.id, true)} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" onClick={() => openDialog({ kind: 'profile', profileId: profile.id })}>
          Edit profile
        </button>
        {create?.available !== false ? (
          <button
            type="button"
            className="primary"
            aria-keyshortcuts="Control+N"
            disabled={(list?.stale ?? false) || !create}
            // Disabled while offline: the banner says why, and so does the button to a screen reader and on hover.
            aria-describedby={list?.stale ? OFFLINE_NOTE_ID : undefined}
            title={list?.stale ? `Offline: ${hostOf(profile.baseUrl)} does not answer` : undefined}
            onClick={() => openDialog({ kind: 'create' })}
          >
            New token
          </button>
        ) : (
          info?.descriptor.inventory === 'local' && (
            // No create endpoint: the user makes it at the provider and adds it here.
            <button type="button" className="primary" aria-keyshortcuts="Control+N" aria-describedby={noteId} onClick={() => openDialog({ kind: 'import' })}>
              {identifies ? 'Add token' : 'Add secret'}
            </button>
          )
        )}
      </div>
      {create && !create.available && create.text && (
        <p id={noteId} className="action-note header-note">
          {create.text}
        </p>
      )}
    </header>
  )
}
