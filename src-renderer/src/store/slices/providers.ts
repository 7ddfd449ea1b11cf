import type { IpcError } from '@shared/errors'
import type { ProviderInfo } from '@shared/provider-info'
import { call, toIpcError } from '../../lib/call'
import type { SliceCreator, StoreState } from '../index'

/** The providers a profile can use and what each can do, as core derived it (static for a run). */
export interface ProvidersSlice {
  readonly providers: readonly ProviderInfo[] | null
  readonly providersError: IpcError | null
  /** Fetches the catalog once; later calls reuse it. */
  loadProviders(): Promise<void>
}

export const createProvidersSlice: SliceCreator<ProvidersSlice> = (set, get) => ({
  providers: null,
  providersError: null,
  loadProviders: async () => {
    if (get().providers) return
    try {
      set({ providers: await call('providers:list'), providersError: null })
    } catch (e) {
      set({ providersError: toIpcError(e) })
    }
  },
})

export const selectProviders = (s: StoreState) => s.providers
export const selectProvidersError = (s: StoreState) => s.providersError
/** One provider's info by id; null until the catalog loaded. */
export const selectProvider = (id: string | null | undefined) => (s: StoreState) => s.providers?.find((p) => p.descriptor.id === id) ?? null
