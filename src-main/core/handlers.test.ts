import { expect, test } from 'vitest'
import { CHANNELS } from '../shared/ipc-contract'
import { createHandlers } from './handlers'
import type { Services } from './app-core'

/** Services whose every method answers with its own name, to see which one a channel reaches. */
function recordingServices(): Services {
  const service = (name: string) =>
    new Proxy({}, { get: (_t, method) => async (arg: unknown) => ({ called: `${name}.${String(method)}`, arg }) })
  return { app: service('app'), profiles: service('profiles'), tokens: service('tokens'), sandbox: service('sandbox'), settings: service('settings'), reminders: service('reminders') } as unknown as Services
}

test('every channel reaches exactly one service call', async () => {
  const handlers = createHandlers(recordingServices())
  expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort())
  const reached = async (channel: keyof typeof handlers, req?: unknown) => ((await (handlers[channel] as (r: unknown) => Promise<unknown>)(req)) as { called: string }).called
  expect(await reached('tokens:list', { profileId: 'p' })).toBe('tokens.list')
  expect(await reached('secret:copy', { secret: 's' })).toBe('tokens.copySecret')
  expect(await reached('reminders:check')).toBe('reminders.check')
  expect(await reached('settings:update', {})).toBe('settings.update')
  expect(await reached('rotation:dismiss', { id: 'r' })).toBe('app.dismissRotation')
  expect(await reached('sandbox:remove')).toBe('sandbox.remove')
  // The provider catalog is static code, not a service: it answers without touching one.
  expect(await (handlers['providers:list'] as () => Promise<unknown[]>)()).toHaveLength(5)
})
