import { useEffect, useMemo, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { EnvBadge } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { hostOf } from '../../lib/host'
import { shortTime } from '../../lib/time'
import { selectNow, useAppStore } from '../../stores/app/store'
import { selectSelectedProfile, useProfilesStore } from '../../stores/profiles/store'
import { filterCounts, indexTokens, sortIndexed, visibleTokens } from '../../stores/tokens/derive'
import {
  selectProfileTokens,
  selectSelectedTokenId,
  selectTableState,
  selectToken,
  type TokenFilter,
  useTokensStore,
} from '../../stores/tokens/store'
import { TokenDetail } from './token-detail'
import { TokenTable } from './token-table'

const FILTERS: readonly { readonly key: TokenFilter; readonly label: string }[] = [
  { key: 'all', label: 'All' },
  { key: 'active', label: 'Active' },
  { key: 'attention', label: 'Needs attention' },
  { key: 'expired', label: 'Expired' },
  { key: 'revoked', label: 'Revoked' },
]

/** The selected profile: header, banners, search and filters, the token table and the detail panel. */
export function TokensView() {
  const profile = useProfilesStore(selectSelectedProfile)
  const setAttention = useProfilesStore((s) => s.setAttention)
  const profileId = profile?.id ?? null
  const { list, loading, error } = useTokensStore(useShallow(selectProfileTokens(profileId)))
  const selectedTokenId = useTokensStore(selectSelectedTokenId)
  const selectedToken = useTokensStore(selectToken(profileId, selectedTokenId))
  const { load, select, setQuery, setFilter } = useTokensStore(
    useShallow((s) => ({ load: s.load, select: s.select, setQuery: s.setQuery, setFilter: s.setFilter })),
  )
  const { query, filter, sort } = useTokensStore(useShallow(selectTableState))
  const openDialog = useAppStore((s) => s.openDialog)
  const now = useAppStore(selectNow)
  const searchRef = useRef<HTMLInputElement>(null)

  const hasList = list !== null
  useEffect(() => {
    if (profileId && !hasList) void load(profileId)
  }, [profileId, hasList, load])

  const tokens = list?.tokens
  // Index once per list, sort once per list+sort; a keystroke only filters.
  const sorted = useMemo(() => (tokens ? sortIndexed(indexTokens(tokens), sort) : []), [tokens, sort])
  const visible = useMemo(() => visibleTokens(sorted, filter, query), [sorted, filter, query])
  const counts = useMemo(() => filterCounts(tokens ?? []), [tokens])

  useEffect(() => {
    if (profileId && tokens) setAttention(profileId, counts.attention)
  }, [profileId, tokens, counts.attention, setAttention])

  // A list that loaded proves the credential works; if the profile said "not stored", that view was
  // older than the keychain write (first run stores credentials while the window opens): re-read it.
  // Only then: every profiles:list is a keychain listing, and those must stay rare and serial.
  const credentialStored = profile?.credentialStored !== false
  const loadProfiles = useProfilesStore((s) => s.load)
  useEffect(() => {
    if (tokens && list && !list.stale && !credentialStored) void loadProfiles()
  }, [tokens, list, credentialStored, loadProfiles])

  useEffect(() => {
    // Ctrl/Cmd+F focuses the search, like in a browser.
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault()
        searchRef.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  if (!profile) {
    return (
      <main className="main empty-main">
        <div className="empty-state">
          <h1>No profile selected</h1>
          <p>Add a profile with the base URL of a Token API and a credential to manage its tokens.</p>
          <button type="button" className="primary" onClick={() => openDialog({ kind: 'profile', profileId: null })}>
            Add profile
          </button>
        </div>
      </main>
    )
  }

  return (
    <div className={`workspace${selectedToken ? ' with-detail' : ''}`}>
      <main className={`main env-${profile.environment}-main`} aria-labelledby="profile-title">
        <header className="main-header">
          <div className="title-block">
            <h1 id="profile-title">
              {profile.name} <EnvBadge environment={profile.environment} />
            </h1>
            <p className="subtitle">
              {profile.organization ? <span>{profile.organization.name}</span> : null}
              <span className="mono">{hostOf(profile.baseUrl)}</span>
              {list && !list.stale && (
                <span title={list.fetchedAt}>updated {shortTime(list.fetchedAt, now)}</span>
              )}
            </p>
          </div>
          <div className="header-actions">
            <button type="button" onClick={() => void load(profile.id, true)} disabled={loading}>
              {loading ? 'Refreshing…' : 'Refresh'}
            </button>
            <button type="button" onClick={() => openDialog({ kind: 'profile', profileId: profile.id })}>
              Edit profile
            </button>
            <button type="button" className="primary" disabled={list?.stale ?? false} onClick={() => openDialog({ kind: 'create' })}>
              New token
            </button>
          </div>
        </header>

        {profile.environment === 'prod' && (
          <p className="prod-strip">Production — changes here affect live systems.</p>
        )}
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
            <span>
              Can’t reach {hostOf(profile.baseUrl)} — showing the list from {shortTime(list.fetchedAt, now)}.
              {list.staleReason ? ` ${list.staleReason}` : ''}
            </span>
            <button type="button" onClick={() => void load(profile.id, true)} disabled={loading}>
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

        {list && (
          <div className="toolbar">
            <input
              ref={searchRef}
              type="search"
              className="search"
              placeholder="Search name, scope, last 4…"
              aria-label="Search tokens"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && query) {
                  e.preventDefault()
                  setQuery('')
                }
              }}
            />
            <div className="filters" role="group" aria-label="Filter tokens">
              {FILTERS.map((f) => (
                <button
                  key={f.key}
                  type="button"
                  className={`chip${f.key === 'attention' ? ' chip-attention' : ''}`}
                  aria-pressed={filter === f.key}
                  onClick={() => setFilter(f.key)}
                >
                  {f.label} <span className="chip-count">{counts[f.key]}</span>
                </button>
              ))}
            </div>
          </div>
        )}

        {list ? (
          visible.length > 0 ? (
            <TokenTable tokens={visible} selectedId={selectedTokenId} onOpen={select} onClose={() => select(null)} />
          ) : (
            <div className="empty-state small">
              {list.tokens.length === 0 ? (
                <p>No tokens in this profile yet.</p>
              ) : (
                <p>
                  No tokens match{query ? ` “${query}”` : ''}
                  {filter !== 'all' ? ` in “${FILTERS.find((f) => f.key === filter)?.label}”` : ''}.
                </p>
              )}
            </div>
          )
        ) : (
          !error && <p className="muted loading">Loading tokens…</p>
        )}
        <p className="sr-only" role="status">
          {list ? `${visible.length} of ${list.tokens.length} tokens shown` : ''}
        </p>
      </main>
      {selectedToken && <TokenDetail key={selectedToken.id} profile={profile} token={selectedToken} stale={list?.stale ?? false} />}
    </div>
  )
}
