import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ProfileView, RotateResult, TokenView } from '@shared/models'
import type { ProviderInfo } from '@shared/provider-info'
import { tokenActionsOf } from '../lib/provider-actions'
import { createStore } from './index'

const g = globalThis as { window?: unknown }
const token = (over: Partial<TokenView>) => ({ id: 'tok_1', name: 'Stripe', status: 'active', health: { stored: true }, ...over }) as TokenView
const profile = { id: 'p1', provider: 'any-secret', credentialKeyId: null } as unknown as ProfileView
const action = (a: 'rotate' | 'revoke', label: string, available: boolean) => ({ action: a, label, available, text: available ? null : `no ${a}`, stepUp: [] })
const info = {
  descriptor: { id: 'any-secret' },
  profileActions: [],
  tokenActions: [
    { status: 'active', isCredential: false, secretStored: true, actions: [action('rotate', 'Replace secret', true), action('revoke', 'Forget', true)] },
    { status: 'active', isCredential: false, secretStored: false, actions: [action('rotate', 'Replace secret', true), action('revoke', 'Forget', false)] },
    { status: 'active', isCredential: true, secretStored: true, actions: [action('rotate', 'Rotate', false), action('revoke', 'Revoke', true)] },
  ],
  rotation: null,
} as unknown as ProviderInfo
let calls: string[] = []

beforeEach(() => {
  calls = []
  const rotated: RotateResult = { token: token({ id: 'tok_2' }), oldToken: token({}), secret: 'pasted-by-the-user-123456', stored: true, storeError: null }
  g.window = {
    keyward: {
      providersList: async () => {
        calls.push('providers:list')
        return { ok: true, value: [info] }
      },
      tokensRotate: async () => ({ ok: true, value: rotated }),
      tokensList: async ({ profileId }: { profileId: string }) => ({
        ok: true,
        value: { profileId, tokens: [], attention: 0, stale: false, fetchedAt: '2026-01-01T00:00:00.000Z', staleReason: null, keychainProblem: null },
      }),
    },
  }
})
afterEach(() => {
  delete g.window
})

it('loads the provider catalog once; later dialogs reuse it', async () => {
  const store = createStore()
  await store.getState().loadProviders()
  expect(store.getState().providers?.[0]?.descriptor.id).toBe('any-secret')
  await store.getState().loadProviders()
  expect(calls).toEqual(['providers:list'])
})

it('a token’s actions are the ones core listed for its state: stored or not, the profile’s credential or not', () => {
  expect(tokenActionsOf(info, profile, token({}))?.revoke).toMatchObject({ label: 'Forget', available: true })
  expect(tokenActionsOf(info, profile, token({ health: { stored: false } } as Partial<TokenView>))?.revoke).toMatchObject({ available: false, text: 'no revoke' })
  expect(tokenActionsOf(info, { ...profile, credentialKeyId: 'tok_1' }, token({}))?.rotate).toMatchObject({ label: 'Rotate', available: false })
  expect(tokenActionsOf(null, profile, token({}))).toBeNull()
})

it('a replaced secret is not shown again: the user pasted it, so only a toast says where it went', async () => {
  const store = createStore()
  await store.getState().rotateToken({ profileId: 'p1', tokenId: 'tok_1', gracePeriodSeconds: 0, secret: 'pasted-by-the-user-123456' })
  expect(store.getState().dialog).toBeNull()
  expect(JSON.stringify(store.getState())).not.toContain('pasted-by-the-user-123456')
  expect(store.getState().toast?.text).toMatch(/^Replaced — the new secret of “Stripe” is in your keychain/)
})
