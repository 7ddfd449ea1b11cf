import { lazy, Suspense, useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { AppBanners } from './components/app-banners'
import { ToastRegion } from './components/toast'
import { Sidebar } from './features/profiles/sidebar'
import { TokensView } from './features/tokens/tokens-view'
import { appCalls } from './lib/calls'
import { selectDialog, selectView, useAppStore } from './stores/app/store'
import { selectProfileById, selectSelectedProfile, useProfilesStore } from './stores/profiles/store'
import { useShowOnceStore } from './stores/show-once/store'
import { selectToken, useTokensStore } from './stores/tokens/store'

// Dialogs and settings are not needed for the first paint: load them on first use.
const SettingsView = lazy(() => import('./features/settings/settings-view').then((m) => ({ default: m.SettingsView })))
const CreateDialog = lazy(() => import('./features/create/create-dialog').then((m) => ({ default: m.CreateDialog })))
const RotateDialog = lazy(() => import('./features/rotate/rotate-dialog').then((m) => ({ default: m.RotateDialog })))
const RevokeDialog = lazy(() => import('./features/revoke/revoke-dialog').then((m) => ({ default: m.RevokeDialog })))
const ImportDialog = lazy(() => import('./features/tokens/import-dialog').then((m) => ({ default: m.ImportDialog })))
const ProfileDialog = lazy(() => import('./features/profiles/profile-dialog').then((m) => ({ default: m.ProfileDialog })))
const ShowOnceDialog = lazy(() => import('./features/show-once/show-once-dialog').then((m) => ({ default: m.ShowOnceDialog })))
const QuickSwitcher = lazy(() => import('./features/quick-switcher/quick-switcher').then((m) => ({ default: m.QuickSwitcher })))

/** The window: sidebar of profiles, the selected profile's tokens (or settings), and one dialog at a time. */
export function App() {
  const view = useAppStore(selectView)
  const { loadInfo, tick, openDialog, setView } = useAppStore(
    useShallow((s) => ({ loadInfo: s.loadInfo, tick: s.tick, openDialog: s.openDialog, setView: s.setView })),
  )
  const loadProfiles = useProfilesStore((s) => s.load)
  const profilesError = useProfilesStore((s) => s.error)

  useEffect(() => {
    // Both at once: main's vault queues every keychain call, so app:info's write+delete probe and
    // the profiles:list keychain listing no longer overlap in libsecret (that crashed keytar on Linux).
    void loadInfo()
    void loadProfiles().then(() => useProfilesStore.getState().primeAttention())
    const t = setInterval(tick, 60_000)
    return () => clearInterval(t)
  }, [loadInfo, loadProfiles, tick])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault()
        // Never replace another dialog: a show-once secret or a half-filled form would be lost.
        if (useAppStore.getState().dialog === null) openDialog({ kind: 'quick-switcher' })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [openDialog])

  // A notification click: open its token, or the attention filter for a digest.
  useEffect(
    () =>
      appCalls.onNavigate((event) => {
        const app = useAppStore.getState()
        // Never take a shown-once secret away; main has already brought the window forward.
        if (app.dialog?.kind === 'show-once') return
        // Any other dialog acts on the current selection: close it rather than let it act on another profile.
        if (app.dialog) app.closeDialog()
        const profiles = useProfilesStore.getState()
        const tokens = useTokensStore.getState()
        if (event.profileId) profiles.select(event.profileId)
        tokens.setQuery('')
        if (event.tokenId) {
          tokens.setFilter('all')
          tokens.select(event.tokenId)
        } else {
          tokens.select(null)
          tokens.setFilter('attention')
        }
        setView('tokens')
        const pid = event.profileId ?? profiles.selectedId
        if (pid) void tokens.load(pid)
      }),
    [setView],
  )

  // The secret leaves the renderer whenever the show-once view is replaced or closed.
  useEffect(
    () =>
      useAppStore.subscribe((s, prev) => {
        if (prev.dialog?.kind === 'show-once' && s.dialog?.kind !== 'show-once') useShowOnceStore.getState().clear()
      }),
    [],
  )

  return (
    <div className="app">
      <Sidebar />
      <div className="content">
        <AppBanners />
        {profilesError && (
          <div className="banner banner-danger" role="alert">
            {profilesError.message}
          </div>
        )}
        {view === 'settings' ? (
          <Suspense fallback={<main className="main" />}>
            <SettingsView />
          </Suspense>
        ) : (
          <TokensView />
        )}
      </div>
      <Suspense fallback={null}>
        <Dialogs />
      </Suspense>
      <ToastRegion />
    </div>
  )
}

function Dialogs() {
  const dialog = useAppStore(selectDialog)
  const profile = useProfilesStore(selectSelectedProfile)
  const edited = useProfilesStore(selectProfileById(dialog?.kind === 'profile' ? dialog.profileId : null))
  const tokenId = dialog?.kind === 'rotate' || dialog?.kind === 'revoke' ? dialog.tokenId : null
  const token = useTokensStore(selectToken(profile?.id ?? null, tokenId))
  if (!dialog) return null
  switch (dialog.kind) {
    case 'create':
      return profile && <CreateDialog profile={profile} />
    case 'rotate':
      return profile && token && <RotateDialog profile={profile} token={token} />
    case 'revoke':
      return profile && token && <RevokeDialog profile={profile} token={token} />
    case 'import':
      return profile && <ImportDialog profile={profile} />
    case 'profile':
      return <ProfileDialog profile={edited} />
    case 'show-once':
      return <ShowOnceDialog />
    case 'quick-switcher':
      return <QuickSwitcher />
  }
}
