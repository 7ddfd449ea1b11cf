import { useEffect } from 'react'
import { ErrorMessage } from '../../components/error-message'
import { useStore } from '../../store'
import { selectSettings, selectSettingsError } from '../../store/slices/settings'
import { SettingsForm } from './settings-form'

/** Reminders, clipboard, window behaviour and the sandbox. */
export function SettingsView() {
  const settings = useStore(selectSettings)
  const loadError = useStore(selectSettingsError)
  const load = useStore((s) => s.loadSettings)
  useEffect(() => {
    void load()
  }, [load])

  return (
    <main className="main settings-main" aria-labelledby="settings-title">
      <header className="main-header">
        <div className="title-block">
          <h1 id="settings-title">Settings</h1>
        </div>
      </header>
      {loadError && <ErrorMessage error={loadError} title="Couldn’t load settings." />}
      {settings ? <SettingsForm settings={settings} /> : !loadError && <p className="muted loading">Loading settings…</p>}
    </main>
  )
}
