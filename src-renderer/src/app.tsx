import { lazy, Suspense, useEffect, useLayoutEffect, useRef } from 'react'
import { AppBanners } from './components/app-banners'
import { ToastRegion } from './components/toast'
import { DialogHost, usePreloadQuickSwitcher } from './features/dialogs/dialog-host'
import { Sidebar } from './features/profiles/sidebar'
import { TokensView } from './features/tokens/tokens-view'
import { Welcome } from './features/welcome/welcome'
import { useStore } from './store'
import { selectView } from './store/slices/app'
import { selectProfilesError, selectSelectedProfileId } from './store/slices/profiles'

// Settings are not needed for the first paint: load them on first use.
const SettingsView = lazy(() => import('./features/settings/settings-view').then((m) => ({ default: m.SettingsView })))

/** The window: sidebar of profiles, the selected profile's tokens (or settings), and one dialog at a time. */
export function App() {
  const view = useStore(selectView)
  const profilesError = useStore(selectProfilesError)
  const contentRef = useRef<HTMLDivElement>(null)
  const selectedProfileId = useStore(selectSelectedProfileId)
  // A short window (200% zoom) scrolls the content as a whole: another profile or view starts at
  // its own top, with its title in view, not at the scroll position the last one was left at.
  useLayoutEffect(() => {
    contentRef.current?.scrollTo({ top: 0 })
  }, [selectedProfileId, view])
  useQuickSwitcherShortcut()
  usePreloadQuickSwitcher()

  return (
    <div className="app">
      <Sidebar />
      <div className="content" ref={contentRef}>
        {view === 'tokens' && <Welcome />}
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
      <DialogHost />
      <ToastRegion />
    </div>
  )
}

/** Ctrl/Cmd+K anywhere opens the quick switcher; Ctrl/Cmd+N a new token in the selected profile. */
function useQuickSwitcherShortcut(): void {
  const openQuickSwitcher = useStore((s) => s.openQuickSwitcher)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault()
        openQuickSwitcher()
      } else if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'n' && !document.querySelector('dialog[open]')) {
        // The header's New token button: the shortcut does what it does, and nothing when it is disabled.
        e.preventDefault()
        const button = document.querySelector<HTMLButtonElement>('button[aria-keyshortcuts="Control+N"]:not(:disabled)')
        // Focused first, so closing the dialog brings focus back to it as after a click.
        button?.focus()
        button?.click()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [openQuickSwitcher])
}
