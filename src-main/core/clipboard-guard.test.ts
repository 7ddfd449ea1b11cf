import { expect, test } from 'vitest'
import { ClipboardGuard } from './clipboard-guard'
import { ManualTimers, MemoryClipboard } from './testing/fakes'

const setup = () => {
  const clipboard = new MemoryClipboard()
  const timers = new ManualTimers()
  const guard = new ClipboardGuard(clipboard, timers, () => new Date(Date.UTC(2026, 0, 1)), () => {})
  return { clipboard, timers, guard }
}
const flush = () => new Promise((r) => setImmediate(r))

test('clears after the set time when the clipboard still holds the secret', async () => {
  const { clipboard, timers, guard } = setup()
  expect(await guard.copy('sk_test_secret', 30)).toEqual({ clearsAt: '2026-01-01T00:00:30.000Z' })
  expect(clipboard.text).toBe('sk_test_secret')
  timers.advance(29_000)
  await flush()
  expect(clipboard.text).toBe('sk_test_secret')
  timers.advance(1_000)
  await flush()
  expect(clipboard.text).toBe('')
})

test('leaves the clipboard alone when the user copied something else since', async () => {
  const { clipboard, timers, guard } = setup()
  await guard.copy('sk_test_secret', 10)
  clipboard.text = 'my own text'
  timers.advance(10_000)
  await flush()
  expect(clipboard.text).toBe('my own text')
})

test('never clears with null, and quitting clears a pending secret', async () => {
  const { clipboard, timers, guard } = setup()
  expect(await guard.copy('a', null)).toEqual({ clearsAt: null })
  expect(timers.count).toBe(0)
  await guard.copy('b', 300)
  expect(await guard.clearIfHolding()).toBe(true)
  expect(clipboard.text).toBe('')
  expect(timers.count).toBe(0)
})

test('a second copy replaces the first timer', async () => {
  const { clipboard, timers, guard } = setup()
  await guard.copy('first', 10)
  await guard.copy('second', 60)
  expect(timers.count).toBe(1)
  timers.advance(10_000)
  await flush()
  expect(clipboard.text).toBe('second')
  timers.advance(50_000)
  await flush()
  expect(clipboard.text).toBe('')
})

test('a failed write leaves the previous secret scheduled for clearing', async () => {
  const { clipboard, timers, guard } = setup()
  await guard.copy('first', 10)
  clipboard.writeSecret = async () => {
    throw new Error('clipboard busy')
  }
  await expect(guard.copy('second', 60)).rejects.toThrow('clipboard busy')
  expect(clipboard.text).toBe('first')
  timers.advance(10_000)
  await flush()
  expect(clipboard.text).toBe('')
})
