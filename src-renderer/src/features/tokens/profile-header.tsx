import type { ProfileView, TokenList } from '@shared/models'
import { EnvBadge } from '../../components/env-badge'
import { hostOf } from '../../lib/host'
import { shortTime } from '../../lib/time'
import { useStore } from '../../store'
import { selectNow } from '../../store/slices/app'

interface ProfileHeaderProps {
  readonly profile: ProfileView
  readonly list: TokenList | null
  readonly loading: boolean
}

/** The profile's name, organization, host and freshness, and what can be done with it. */
export function ProfileHeader({ profile, list, loading }: ProfileHeaderProps) {
  const now = useStore(selectNow)
  const loadTokens = useStore((s) => s.loadTokens)
  const openDialog = useStore((s) => s.openDialog)
  return (
    <header className="main-header">
      <div className="title-block">
        <h1 id="profile-title">
          {profile.name} <EnvBadge environment={profile.environment} />
        </h1>
        <p className="subtitle">
          {profile.organization ? <span>{profile.organization.name}</span> : null}
          <span className="mono">{hostOf(profile.baseUrl)}</span>
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
        <button
          type="button"
          className="primary"
          aria-keyshortcuts="Control+N"
          disabled={list?.stale ?? false}
          onClick={() => openDialog({ kind: 'create' })}
        >
          New token
        </button>
      </div>
    </header>
  )
}
