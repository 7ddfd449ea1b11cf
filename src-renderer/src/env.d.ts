import type { KeywardApi } from '@shared/ipc-contract'

declare global {
  interface Window {
    readonly keyward: KeywardApi
  }
}
export {}
