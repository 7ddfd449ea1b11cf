import { expect, test } from 'vitest'
import { CHANNELS, RENDERER_CHANNELS } from '../shared/ipc-contract'
import { dispatch, type HandlerTable } from './ipc-dispatch'

/** Every handler answers its channel name, so a test sees which one ran. */
const handlers = Object.fromEntries(CHANNELS.map((c) => [c, async () => c])) as unknown as HandlerTable

test('the renderer cannot call an internal channel: it gets the answer for an unknown one', async () => {
  expect(RENDERER_CHANNELS).not.toContain('reminders:check')
  const fromRenderer = await dispatch(handlers, 'reminders:check', undefined)
  expect(fromRenderer).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: 'Unknown channel "reminders:check".' } })
})

test('a shell (timer, CLI) may call it', async () => {
  expect(await dispatch(handlers, 'reminders:check', undefined, () => {}, 'shell')).toEqual({ ok: true, value: 'reminders:check' })
  expect(await dispatch(handlers, 'settings:get', undefined)).toEqual({ ok: true, value: 'settings:get' })
})
