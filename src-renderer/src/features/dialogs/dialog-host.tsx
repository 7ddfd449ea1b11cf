import { lazy, Suspense, useEffect, useLayoutEffect } from 'react'
import { holdKeystrokes, releaseKeystrokes } from '../../lib/type-ahead'
import { useStore } from '../../store'
import { selectDialog } from '../../store/slices/app'
import { selectProfileById, selectSelectedProfile } from '../../store/slices/profiles'
import { selectFirstScreenReady, selectToken } from '../../store/slices/tokens'

// Dialogs are not needed for the first paint: their code loads on first use (or at idle, below).
const loadQuickSwitcher = () => import('../quick-switcher/quick-switcher')
const QuickSwitcher = lazy(() => loadQuickSwitcher().then((m) => ({ default: m.QuickSwitcher })))
const CreateDialog = lazy(() => import('../create/create-dialog').then((m) => ({ default: m.CreateDialog })))
const RotateDialog = lazy(() => import('../rotate/rotate-dialog').then((m) => ({ default: m.RotateDialog })))
const RevokeDialog = lazy(() => import('../revoke/revoke-dialog').then((m) => ({ default: m.RevokeDialog })))
const ImportDialog = lazy(() => import('../tokens/import-dialog').then((m) => ({ default: m.ImportDialog })))
const ProfileDialog = lazy(() => import('../profiles/profile-dialog').then((m) => ({ default: m.ProfileDialog })))
const LeaveSettingsDialog = lazy(() => import('../settings/leave-settings-dialog').then((m) => ({ default: m.LeaveSettingsDialog })))
const ShowOnceDialog = lazy(() => import('../show-once/show-once-dialog').then((m) => ({ default: m.ShowOnceDialog })))

/**
 * Loads the quick switcher's code once the window is idle after the first list is on screen:
 * Ctrl/Cmd+K is what a user presses first and then types at once. (Keystrokes typed before any
 * dialog is ready are held anyway.) Not before: the window is "idle" while it waits for core's
 * first answers, and the chunk's fetch would then compete with them for the first rows.
 */
export function usePreloadQuickSwitcher(): void {
  const ready = useStore(selectFirstScreenReady)
  useEffect(() => {
    if (!ready) return
    const load = () => void loadQuickSwitcher().catch(() => {})
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(load, { timeout: 2000 })
      return () => cancelIdleCallback(handle)
    }
    const handle = setTimeout(load, 200)
    return () => clearTimeout(handle)
  }, [ready])
}

/** The one open dialog, if any; keystrokes typed while its code loads are kept for it. */
export function DialogHost() {
  const open = useStore((s) => s.dialog !== null)
  // A dialog closed before it ever mounted leaves nothing held.
  useEffect(() => {
    if (!open) releaseKeystrokes()
  }, [open])
  return (
    <Suspense fallback={<HoldKeystrokes />}>
      <CurrentDialog />
    </Suspense>
  )
}

/** Rendered while a dialog's code loads: from now on keystrokes wait for the dialog (Modal takes them). */
function HoldKeystrokes() {
  useLayoutEffect(() => {
    holdKeystrokes()
    // If what loaded renders no Modal (e.g. its token vanished), give the keyboard back right after.
    return () => {
      setTimeout(() => releaseKeystrokes(), 0)
    }
  }, [])
  return null
}

function CurrentDialog() {
  const dialog = useStore(selectDialog)
  const profile = useStore(selectSelectedProfile)
  const edited = useStore(selectProfileById(dialog?.kind === 'profile' ? dialog.profileId : null))
  const tokenId = dialog?.kind === 'rotate' || dialog?.kind === 'revoke' ? dialog.tokenId : null
  const token = useStore(selectToken(profile?.id ?? null, tokenId))
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
    case 'leave-settings':
      return <LeaveSettingsDialog />
  }
}
