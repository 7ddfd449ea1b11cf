import { detectMode } from './app'

export default function globalSetup(): void {
  const mode = detectMode()
  const why = mode === 'electron' ? 'the Electron binary is installed' : 'no Electron binary here: built renderer in Chromium, window.keyward bridged to the core handler table'
  console.log(`e2e mode: ${mode} (${why})`)
}
