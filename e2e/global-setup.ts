import { detectMode } from './app'

export default function globalSetup(): void {
  const mode = detectMode()
  const why = mode === 'electron' ? 'the Electron binary is installed' : 'no Electron binary here: built renderer in Chromium, window.keyward bridged to core by the bridge the preview uses (src-main/preview/bridge.ts)'
  console.log(`e2e mode: ${mode} (${why})`)
}
