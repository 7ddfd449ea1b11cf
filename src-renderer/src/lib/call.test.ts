import { afterEach, describe, expect, it } from 'vitest'
import { CHANNELS, methodName } from '@shared/ipc-contract'
import { bridgeMethod, call, CallError, toIpcError } from './call'

const g = globalThis as { window?: unknown }

describe('call', () => {
  afterEach(() => {
    delete g.window
  })

  it('names every channel’s bridge method as the contract does', () => {
    for (const channel of CHANNELS) expect(bridgeMethod(channel)).toBe(methodName(channel))
  })

  it('sends the request to the channel’s method and resolves with the value', async () => {
    const seen: unknown[] = []
    g.window = {
      keyward: {
        tokensList: async (request: unknown) => {
          seen.push(request)
          return { ok: true, value: { profileId: 'p1', tokens: [] } }
        },
      },
    }
    await expect(call('tokens:list', { profileId: 'p1' })).resolves.toEqual({ profileId: 'p1', tokens: [] })
    expect(seen).toEqual([{ profileId: 'p1' }])
  })

  it('throws the failure as a CallError the UI can show', async () => {
    const error = { code: 'INVALID_API_KEY', message: 'The credential was refused.' } as const
    g.window = { keyward: { appInfo: async () => ({ ok: false, error }) } }
    const thrown = await call('app:info').catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(CallError)
    expect(toIpcError(thrown)).toEqual(error)
  })

  it('never shows the text of an unexpected exception', () => {
    expect(toIpcError(new Error('sk_test_pasted-secret')).message).not.toContain('sk_test_')
  })
})
