import { useEffect, useState } from 'react'
import type { AppInfo } from '../../src-main/shared/models'
import { api, unwrap } from './lib/keyward'

/** The first slice: shows what main reports about the app and the keychain. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    unwrap(api.appInfo()).then(setInfo, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))
  }, [])
  return (
    <main className="app">
      <h1>Keyward</h1>
      {error && <p role="alert">{error}</p>}
      {info && (
        <dl aria-label="About Keyward">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Keychain</dt>
          <dd>{info.keychain.available ? 'Keychain reachable' : `Keychain unavailable: ${info.keychain.message}`}</dd>
        </dl>
      )}
    </main>
  )
}
