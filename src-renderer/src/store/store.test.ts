import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShowOnce, TokenView } from '@shared/models'
import { createStore } from './index'
import { selectFirstScreenReady } from './slices/tokens'

const g = globalThis as { window?: unknown }
const token = { id: 'key_new1', name: 'CI deploy' } as TokenView
const created: ShowOnce = { token, secret: 'sk_test_shown-once', stored: true, storeError: null }
let listed: string[] = []

describe('the renderer store', () => {
  beforeEach(() => {
    listed = []
    g.window = {
      keyward: {
        tokensList: async ({ profileId }: { profileId: string }) => {
          listed.push(profileId)
          return { ok: true, value: { profileId, tokens: [], attention: 0, stale: false, fetchedAt: '2026-01-01T00:00:00.000Z', staleReason: null, keychainProblem: null } }
        },
      },
    }
  })
  afterEach(() => {
    delete g.window
  })

  it('drops the shown secret when the show-once view is closed or replaced', () => {
    const store = createStore()
    store.getState().presentSecret(created)
    expect(store.getState()).toMatchObject({ dialog: { kind: 'show-once' }, shown: created, selectedTokenId: 'key_new1' })
    store.getState().openDialog({ kind: 'quick-switcher' })
    expect(store.getState().shown).toBeNull()

    store.getState().presentSecret(created)
    store.getState().closeDialog()
    expect(store.getState().shown).toBeNull()
  })

  it('a notification click never takes a shown secret away', () => {
    const store = createStore()
    store.getState().presentSecret(created)
    store.getState().followNotification({ profileId: 'p2', tokenId: 'key_other' })
    expect(store.getState()).toMatchObject({ dialog: { kind: 'show-once' }, shown: created, selectedTokenId: 'key_new1' })
    expect(listed).toEqual([])
  })

  it('a notification click closes another dialog and opens its token with search and filter cleared', () => {
    const store = createStore()
    store.setState({ selectedProfileId: 'p1', query: 'billing', filter: 'revoked', view: 'settings' })
    store.getState().openDialog({ kind: 'create' })
    store.getState().followNotification({ profileId: 'p2', tokenId: 'key_other' })
    expect(store.getState()).toMatchObject({
      dialog: null,
      selectedProfileId: 'p2',
      selectedTokenId: 'key_other',
      query: '',
      filter: 'all',
      view: 'tokens',
    })
    expect(listed).toEqual(['p2'])
    // A digest opens the attention filter of the current profile.
    store.getState().followNotification({ profileId: null, tokenId: null })
    expect(store.getState()).toMatchObject({ selectedProfileId: 'p2', selectedTokenId: null, filter: 'attention' })
  })
})

describe('start-up', () => {
  afterEach(() => {
    delete g.window
  })

  it('asks for the selected profile’s list before app:info, whose keychain probe would hold up the list’s credential read', async () => {
    const calls: string[] = []
    const ok = (channel: string, value: unknown) => async () => {
      calls.push(channel)
      return { ok: true, value }
    }
    const profile = { id: 'p1', name: 'Dev', environment: 'dev', sandbox: false }
    g.window = {
      keyward: {
        profilesList: ok('profiles:list', [profile]),
        tokensList: ok('tokens:list', { profileId: 'p1', tokens: [], attention: 0, stale: false, fetchedAt: '2026-01-01T00:00:00.000Z', staleReason: null, keychainProblem: null }),
        appInfo: ok('app:info', null),
        providersList: ok('providers:list', []),
        onNavigate: () => () => {},
        onClipboard: () => () => {},
      },
    }
    const store = createStore()
    const stop = store.getState().start()
    await expect.poll(() => calls.includes('app:info')).toBe(true)
    stop()
    expect(calls.slice(0, 3)).toEqual(['profiles:list', 'tokens:list', 'app:info'])
    expect(store.getState().selectedProfileId).toBe('p1')
  })

  it('calls the first screen ready once the selected profile’s list (or its error) is in, not while core is still asked', async () => {
    const store = createStore()
    expect(selectFirstScreenReady(store.getState())).toBe(false)
    store.setState({ profilesLoaded: true, selectedProfileId: 'p1' })
    expect(selectFirstScreenReady(store.getState())).toBe(false)
    await store.getState().loadTokens('p1')
    expect(selectFirstScreenReady(store.getState())).toBe(true)
    store.setState({ selectedProfileId: 'p2', byProfile: { p2: { list: null, loading: false, error: { code: 'network', message: 'down' } as never } } })
    expect(selectFirstScreenReady(store.getState())).toBe(true)
    store.setState({ selectedProfileId: null })
    expect(selectFirstScreenReady(store.getState())).toBe(true)
  })
})
