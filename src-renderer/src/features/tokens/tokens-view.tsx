import { useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ProfileView, TokenList } from '@shared/models'
import { useStore } from '../../store'
import { selectSelectedProfile } from '../../store/slices/profiles'
import { selectProvider } from '../../store/slices/providers'
import { selectProfileTokens, selectSelectedTokenId, selectTableState, selectToken } from '../../store/slices/tokens'
import { filterCounts, indexTokens, listAttention, sortIndexed, visibleTokens } from '../../store/token-list'
import { ProfileHeader } from './profile-header'
import { ProfileNotices } from './profile-notices'
import { TokenDetail } from './token-detail'
import { filterLabel, TokenToolbar } from './token-toolbar'
import { TokenTable } from './token-table'

/** The selected profile: header, banners, search and filters, the token table and the detail panel. */
export function TokensView() {
  const profile = useStore(selectSelectedProfile)
  const profileId = profile?.id ?? null
  const { list, loading, error } = useStore(useShallow(selectProfileTokens(profileId)))
  const selectedTokenId = useStore(selectSelectedTokenId)
  const selectedToken = useStore(selectToken(profileId, selectedTokenId))
  const loadTokens = useStore((s) => s.loadTokens)
  const lastUsed = useStore(selectProvider(profile?.provider))?.descriptor.capabilities.lastUsed

  const hasList = list !== null
  useEffect(() => {
    if (profileId && !hasList) void loadTokens(profileId)
  }, [profileId, hasList, loadTokens])
  useCredentialRecheck(profile, list)

  // Status counts are plain facts of the list; the attention count is core's, like the sidebar's.
  const counts = useMemo(() => (list ? { ...filterCounts(list.tokens), attention: listAttention(list) } : filterCounts([])), [list])

  const workspaceRef = useRef<HTMLDivElement>(null)
  useHeaderHeight(workspaceRef, profileId)

  if (!profile) return <NoProfile />
  return (
    <div ref={workspaceRef} className={`workspace${selectedToken ? ' with-detail' : ''}`}>
      <main className={`main env-${profile.environment}-main`} aria-labelledby="profile-title">
        <ProfileHeader profile={profile} list={list} loading={loading} />
        <ProfileNotices profile={profile} list={list} loading={loading} error={error} />
        {list && <TokenToolbar counts={counts} />}
        <TokenResults
          profileId={profile.id}
          list={list}
          showLoading={!error}
          selectedTokenId={selectedTokenId}
          lastUsedUnknown={lastUsed && !lastUsed.available ? lastUsed.reason : null}
        />
      </main>
      {selectedToken && <TokenDetail key={selectedToken.id} profile={profile} token={selectedToken} stale={list?.stale ?? false} />}
    </div>
  )
}

interface TokenResultsProps {
  readonly profileId: string
  readonly list: TokenList | null
  /** Whether to say the list is loading while there is none (not when an error says why). */
  readonly showLoading: boolean
  readonly selectedTokenId: string | null
  /** Why the profile's provider never tells when a token was last used (null: it does). */
  readonly lastUsedUnknown: string | null
}

/**
 * The rows that match the search and filter, in the chosen order. The only part of the view that
 * reads the search, so a keystroke re-renders this and the rows in the virtual window, not the
 * header and banners above it.
 */
function TokenResults({ profileId, list, showLoading, selectedTokenId, lastUsedUnknown }: TokenResultsProps) {
  const { query, filter, sort } = useStore(useShallow(selectTableState))
  const selectTokenId = useStore((s) => s.selectToken)
  const copyToken = useStore((s) => s.copyToken)
  const showToast = useStore((s) => s.showToast)
  const noteCopy = useStore((s) => s.noteCopy)

  /** The list's copy shortcut: the same copy as the detail panel's button, told in the status bar. */
  const copyRow = async (tokenId: string) => {
    const t = list?.tokens.find((x) => x.id === tokenId)
    if (!t) return
    if (t.status !== 'active' || !t.health.stored) {
      showToast(`“${t.name}” has no stored secret to copy.`)
      return
    }
    try {
      noteCopy(await copyToken(profileId, t.id), `Copied “${t.name}”`, 'status-bar')
    } catch {
      showToast(`Could not copy “${t.name}”.`)
    }
  }

  const tokens = list?.tokens
  // Index once per list, sort once per list+sort; a keystroke only filters.
  const sorted = useMemo(() => (tokens ? sortIndexed(indexTokens(tokens), sort) : []), [tokens, sort])
  const visible = useMemo(() => visibleTokens(sorted, filter, query), [sorted, filter, query])

  return (
    <>
      {!list ? (
        showLoading && <p className="muted loading">Loading tokens…</p>
      ) : visible.length > 0 ? (
        <TokenTable
          tokens={visible}
          selectedId={selectedTokenId}
          onOpen={selectTokenId}
          onClose={() => selectTokenId(null)}
          onCopy={(id) => void copyRow(id)}
          lastUsedUnknown={lastUsedUnknown}
        />
      ) : (
        <div className="empty-state small">
          {list.tokens.length === 0 ? (
            <p>No tokens in this profile yet.</p>
          ) : (
            <p>
              No tokens match{query ? ` “${query}”` : ''}
              {filter !== 'all' ? ` in “${filterLabel(filter)}”` : ''}.
            </p>
          )}
        </div>
      )}
      <p className="sr-only" role="status">
        {list ? `${visible.length} of ${list.tokens.length} tokens shown` : ''}
      </p>
    </>
  )
}

/**
 * Keeps `--header-h` on the workspace at the profile header's height: where the details panel lies
 * over the list (a narrow window, high zoom), it starts below the header, so the header's actions
 * stay reachable with the panel open.
 */
function useHeaderHeight(workspace: RefObject<HTMLDivElement | null>, profileId: string | null): void {
  useLayoutEffect(() => {
    const el = workspace.current
    const header = el?.querySelector('.main-header')
    if (!el || !header) return
    const observer = new ResizeObserver(() => el.style.setProperty('--header-h', `${header.getBoundingClientRect().height}px`))
    observer.observe(header)
    return () => observer.disconnect()
  }, [workspace, profileId])
}

function NoProfile() {
  const openDialog = useStore((s) => s.openDialog)
  return (
    <main className="main empty-main">
      <div className="empty-state">
        <h1>No profile selected</h1>
        <p>Add a profile for npm, GitLab, GitHub, a Token API or secrets from any dashboard to manage its tokens.</p>
        <button type="button" className="primary" onClick={() => openDialog({ kind: 'profile', profileId: null })}>
          Add profile
        </button>
      </div>
    </main>
  )
}

/**
 * A list that loaded proves the credential works; if the profile said "not stored", that view was
 * older than the keychain write (first run stores credentials while the window opens): re-read it.
 * Only then: every profiles:list is a keychain listing, and those must stay rare and serial.
 */
function useCredentialRecheck(profile: ProfileView | null, list: TokenList | null): void {
  const loadProfiles = useStore((s) => s.loadProfiles)
  const credentialStored = profile?.credentialStored !== false
  useEffect(() => {
    if (list && !list.stale && !credentialStored) void loadProfiles()
  }, [list, credentialStored, loadProfiles])
}
