import type { Environment, ProfileView } from '@shared/models'
import { EnvBadge, ENVIRONMENT_NAMES } from '../../components/env-badge'
import { KeyIcon } from '../../components/key-icon'
import { useStore } from '../../store'
import { selectInfo, selectView } from '../../store/slices/app'
import { ENVIRONMENT_ORDER, selectAttention, selectProfiles } from '../../store/slices/profiles'

/** Profiles grouped by environment, each with its attention count; prod set apart in red. */
export function Sidebar() {
  const profiles = useStore(selectProfiles)
  const view = useStore(selectView)
  const openQuickSwitcher = useStore((s) => s.openQuickSwitcher)
  const openDialog = useStore((s) => s.openDialog)
  const showSettings = useStore((s) => s.showSettings)

  return (
    <nav className="sidebar" aria-label="Profiles">
      <div className="brand">
        <KeyIcon />
        <span>Keyward</span>
      </div>
      <button type="button" className="quick-open" onClick={openQuickSwitcher} aria-keyshortcuts="Control+K Meta+K">
        <span>Find a token…</span>
        <kbd>{isMac() ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <div className="profile-groups">
        {ENVIRONMENT_ORDER.map((env) => (
          <ProfileGroup key={env} environment={env} profiles={profiles.filter((p) => p.environment === env)} />
        ))}
        {profiles.length === 0 && <p className="muted sidebar-empty">No profiles yet.</p>}
      </div>
      <div className="sidebar-actions">
        <button type="button" className="ghost-button" onClick={() => openDialog({ kind: 'profile', profileId: null })}>
          + Add profile
        </button>
        <button type="button" className="ghost-button" aria-current={view === 'settings' ? 'page' : undefined} onClick={showSettings}>
          Settings
        </button>
      </div>
      <About />
    </nav>
  )
}

function ProfileGroup({ environment, profiles }: { readonly environment: Environment; readonly profiles: readonly ProfileView[] }) {
  if (profiles.length === 0) return null
  return (
    <section className={`profile-group group-${environment}`} aria-labelledby={`group-${environment}`}>
      <h2 id={`group-${environment}`} className="group-title">
        {ENVIRONMENT_NAMES[environment]}
      </h2>
      <ul>
        {profiles.map((p) => (
          <li key={p.id}>
            <ProfileItem profile={p} />
          </li>
        ))}
      </ul>
    </section>
  )
}

/** One profile: name, prod badge, warnings mark, and the count of tokens needing attention (core's figure). */
function ProfileItem({ profile: p }: { readonly profile: ProfileView }) {
  const current = useStore((s) => s.view === 'tokens' && s.selectedProfileId === p.id)
  const attention = useStore(selectAttention(p.id)) ?? 0
  const showProfile = useStore((s) => s.showProfile)
  return (
    <button
      type="button"
      className={`profile-item env-${p.environment}`}
      aria-current={current ? 'page' : undefined}
      onClick={() => showProfile(p.id)}
    >
      <span className="profile-dot" aria-hidden="true" />
      {/* The name is never cut: it wraps, and the marks move below it when both do not fit on one line. */}
      <span className="profile-label">
        <span className="profile-name">{p.name}</span>
        <span className="profile-marks">
          {p.environment === 'prod' && <EnvBadge environment="prod" />}
          {p.warnings.length > 0 && (
            <span className="warn-mark" title={p.warnings.join('\n')} aria-label={`${p.warnings.length} warning${p.warnings.length > 1 ? 's' : ''}`}>
              !
            </span>
          )}
          {attention > 0 && (
            <span className="attention-count" aria-label={`${attention} need${attention === 1 ? 's' : ''} attention`}>
              {attention}
            </span>
          )}
        </span>
      </span>
    </button>
  )
}

/** Version and keychain state, for bug reports and a first glance. */
function About() {
  const info = useStore(selectInfo)
  if (!info) return null
  return (
    <dl className="about" aria-label="About Keyward">
      <dt>Version</dt>
      <dd>{info.version}</dd>
      <dt>Keychain</dt>
      <dd className={info.keychain.available ? undefined : 'bad'}>{info.keychain.available ? 'Keychain reachable' : 'Keychain unavailable'}</dd>
    </dl>
  )
}

/** Shortcut labels follow the platform the user is on. */
export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform)
}
