import type { KeywardApi } from '../../src-main/shared/ipc-contract'

declare global {
  interface Window {
    readonly keyward: KeywardApi
  }
}
export {}
