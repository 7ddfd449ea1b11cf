import { startVerdaccio } from '../src-main/core/testing/verdaccio'
import { detectMode } from './app'
import { VERDACCIO_URL_ENV } from './pages/peers'

/**
 * Prints the mode, and starts the one peer too slow to start per spec: Verdaccio, a real npm
 * registry (its URL reaches the workers through the environment). Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const mode = detectMode()
  const why = mode === 'electron' ? 'the Electron binary is installed' : 'no Electron binary here: built renderer in Chromium, window.keyward bridged to core by the bridge the preview uses (src-main/preview/bridge.ts)'
  console.log(`e2e mode: ${mode} (${why})`)
  const verdaccio = await startVerdaccio()
  process.env[VERDACCIO_URL_ENV] = verdaccio.url
  return () => verdaccio.close()
}
