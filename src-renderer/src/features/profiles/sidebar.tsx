import { useShallow } from 'zustand/react/shallow'
import { EnvBadge, ENVIRONMENT_NAMES } from '../../components/env-badge'
import { KeyIcon } from '../../components/key-icon'
import { useAppStore, selectInfo, selectView } from '../../stores/app/store'
import { ENVIRONMENT_ORDER, selectProfiles, useProfilesStore } from '../../stores/profiles/store'
import { useTokensStore } from '../../stores/tokens/store'

/** Profiles grouped by environment, each with its attention count; prod set apart in red. */
export function Sidebar() {
  const profiles = useProfilesStore(selectProfiles)
  const { selectedId, select } = useProfilesStore(useShallow((s) => ({ selectedId: s.selectedId, select: s.select })))
  const view = useAppStore(selectView)
  const info = useAppStore(selectInfo)
  const { setView, openDialog } = useAppStore(useShallow((s) => ({ setView: s.setView, openDialog: s.openDialog })))
  const selectToken = useTokensStore((s) => s.select)

  return (
    <nav className="sidebar" aria-label="Profiles">
      <div className="brand">
        <KeyIcon />
        <span>Keyward</span>
      </div>
      <button type="button" className="quick-open" onClick={() => openDialog({ kind: 'quick-switcher' })} aria-keyshortcuts="Control+K Meta+K">
        <span>Find a token…</span>
        <kbd>{isMac() ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <div className="profile-groups">
        {ENVIRONMENT_ORDER.map((env) => {
          const group = profiles.filter((p) => p.environment === env)
          if (group.length === 0) return null
          return (
            <section key={env} className={`profile-group group-${env}`} aria-labelledby={`group-${env}`}>
              <h2 id={`group-${env}`} className="group-title">
                {ENVIRONMENT_NAMES[env]}
              </h2>
              <ul>
                {group.map((p) => {
                  const current = view === 'tokens' && p.id === selectedId
                  const attention = p.attention ?? 0
                  return (
                    <li key={p.id}>
                      <button
                        type="button"
                        className={`profile-item env-${p.environment}`}
                        aria-current={current ? 'page' : undefined}
                        onClick={() => {
                          if (p.id !== selectedId) selectToken(null)
                          select(p.id)
                          setView('tokens')
                        }}
                      >
                        <span className="profile-dot" aria-hidden="true" />
                        <span className="profile-name">{p.name}</span>
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
                      </button>
                    </li>
                  )
                })}
              </ul>
            </section>
          )
        })}
        {profiles.length === 0 && <p className="muted sidebar-empty">No profiles yet.</p>}
      </div>
      <div className="sidebar-actions">
        <button type="button" className="ghost-button" onClick={() => openDialog({ kind: 'profile', profileId: null })}>
          + Add profile
        </button>
        <button type="button" className="ghost-button" aria-current={view === 'settings' ? 'page' : undefined} onClick={() => setView('settings')}>
          Settings
        </button>
      </div>
      {info && (
        <dl className="about" aria-label="About Keyward">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Keychain</dt>
          <dd className={info.keychain.available ? undefined : 'bad'}>
            {info.keychain.available ? 'Keychain reachable' : 'Keychain unavailable'}
          </dd>
        </dl>
      )}
    </nav>
  )
}

/** Shortcut labels follow the platform the user is on. */
export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform)
}
