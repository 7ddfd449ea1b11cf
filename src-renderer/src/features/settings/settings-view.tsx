import { useEffect } from 'react'
import { ErrorMessage } from '../../components/error-message'
import { focusTokenRow } from '../../lib/focus'
import { useStore } from '../../store'
import { selectSettings, selectSettingsDirty, selectSettingsDraft, selectSettingsError } from '../../store/slices/settings'
import { SettingsForm } from './settings-form'

/** Reminders, clipboard, window behaviour and the sandbox. Escape goes back to the tokens (asking first when edits are unsaved). */
export function SettingsView() {
  const settings = useStore(selectSettings)
  const draft = useStore(selectSettingsDraft)
  const loadError = useStore(selectSettingsError)
  const load = useStore((s) => s.loadSettings)
  const leaveSettings = useStore((s) => s.leaveSettings)
  useEffect(() => {
    void load()
  }, [load])
  useUnloadGuard()

  return (
    <main
      className="main settings-main"
      aria-labelledby="settings-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault()
          // Left at once: focus goes to the list rather than the page body (the dialog handles its own).
          if (leaveSettings()) focusTokenRow(null)
        }
      }}
    >
      <header className="main-header">
        <div className="title-block">
          <h1 id="settings-title">Settings</h1>
        </div>
      </header>
      {loadError && <ErrorMessage error={loadError} title="Couldn’t load settings." />}
      {settings && draft ? <SettingsForm settings={settings} draft={draft} /> : !loadError && <p className="muted loading">Loading settings…</p>}
    </main>
  )
}

/**
 * Closing or reloading the window with unsaved settings asks first (the browser's own question;
 * Electron main answers it with its own dialog).
 */
function useUnloadGuard(): void {
  const dirty = useStore(selectSettingsDirty)
  useEffect(() => {
    if (!dirty) return
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault()
    addEventListener('beforeunload', onBeforeUnload)
    return () => removeEventListener('beforeunload', onBeforeUnload)
  }, [dirty])
}
