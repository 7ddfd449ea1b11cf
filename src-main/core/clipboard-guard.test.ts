import { afterEach, describe, expect, test, vi } from 'vitest'
import { ClipboardGuard, realTimers } from './clipboard-guard'
import { ManualTimers, MemoryClipboard } from './testing/fakes'
import type { ClipboardEvent } from '../shared/ipc-contract'

const setup = () => {
  const clipboard = new MemoryClipboard()
  const timers = new ManualTimers()
  const log: string[] = []
  const settled: ClipboardEvent[] = []
  const guard = new ClipboardGuard(clipboard, timers, () => new Date(Date.UTC(2026, 0, 1)), (line) => log.push(line), (e) => settled.push(e))
  return { clipboard, timers, guard, log, settled }
}
const flush = () => new Promise((r) => setImmediate(r))

test('clears after the set time when the clipboard still holds the secret', async () => {
  const { clipboard, timers, guard } = setup()
  expect(await guard.copy('sk_test_secret', 30)).toEqual({ clearsAt: '2026-01-01T00:00:30.000Z', copyId: 1 })
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
  expect(await guard.copy('a', null)).toEqual({ clearsAt: null, copyId: 1 })
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

test('the clearing time follows the clock at the moment of copying', async () => {
  const clipboard = new MemoryClipboard()
  let now = Date.UTC(2026, 5, 30, 23, 59, 50)
  const guard = new ClipboardGuard(clipboard, new ManualTimers(), () => new Date(now), () => {})
  expect(await guard.copy('s', 15)).toEqual({ clearsAt: '2026-07-01T00:00:05.000Z', copyId: 1 })
  now += 60_000
  expect(await guard.copy('s', 1)).toEqual({ clearsAt: '2026-07-01T00:00:51.000Z', copyId: 2 })
})

test('clearing with nothing copied does nothing and says so', async () => {
  const { clipboard, guard, log } = setup()
  clipboard.text = 'my own text'
  expect(await guard.clearIfHolding()).toBe(false)
  expect(clipboard.text).toBe('my own text')
  expect(log).toEqual([])
})

test('a clear happens once: the same secret copied again by hand later is left alone', async () => {
  const { clipboard, timers, guard, log } = setup()
  await guard.copy('sk_test_secret', 30)
  expect(await guard.clearIfHolding()).toBe(true)
  expect(log).toEqual(['clipboard: cleared a copied secret'])
  clipboard.text = 'sk_test_secret'
  expect(await guard.clearIfHolding()).toBe(false)
  timers.advance(30_000)
  await flush()
  expect(clipboard.text).toBe('sk_test_secret')
  expect(log).toHaveLength(1)
})

test('copying again with clearing turned off leaves that copy alone on quit', async () => {
  const { clipboard, timers, guard } = setup()
  await guard.copy('sk_test_secret', 30)
  expect(await guard.copy('sk_test_secret', null)).toEqual({ clearsAt: null, copyId: 2 })
  expect(timers.count).toBe(0)
  expect(await guard.clearIfHolding()).toBe(false)
  expect(clipboard.text).toBe('sk_test_secret')
})

test('a clipboard that cannot be read is reported by error type only, never with the secret', async () => {
  const { clipboard, timers, guard, log } = setup()
  await guard.copy('sk_test_secret', 10)
  clipboard.readText = async () => {
    throw new TypeError('cannot read sk_test_secret')
  }
  expect(await guard.clearIfHolding()).toBe(false)
  expect(log).toEqual(['clipboard: could not clear (TypeError)'])
  expect(timers.count).toBe(0)

  await guard.copy('sk_test_other', 10)
  clipboard.readText = () => Promise.reject('sk_test_other')
  timers.advance(10_000)
  await flush()
  expect(log).toEqual(['clipboard: could not clear (TypeError)', 'clipboard: could not clear (error)'])
})

test('a clipboard that cannot be cleared is reported, and the clear is not claimed', async () => {
  const { clipboard, guard, log } = setup()
  await guard.copy('sk_test_secret', 10)
  clipboard.clear = async () => {
    throw new Error('denied')
  }
  expect(await guard.clearIfHolding()).toBe(false)
  expect(log).toEqual(['clipboard: could not clear (Error)'])
})

describe('how a timed copy ended, told by its id and never with the secret', () => {
  test('cleared: the clipboard still held the secret when the time came', async () => {
    const { timers, guard, settled } = setup()
    const { copyId } = await guard.copy('sk_test_secret', 10)
    timers.advance(9_999)
    await flush()
    expect(settled).toEqual([])
    timers.advance(1)
    await flush()
    expect(settled).toEqual([{ copyId, outcome: 'cleared' }])
    expect(JSON.stringify(settled)).not.toContain('sk_test_secret')
  })

  test('replaced: the user copied something else since, and it stays', async () => {
    const { clipboard, timers, guard, settled } = setup()
    const { copyId } = await guard.copy('sk_test_secret', 10)
    clipboard.text = 'my own text'
    timers.advance(10_000)
    await flush()
    expect(settled).toEqual([{ copyId, outcome: 'replaced' }])
    expect(clipboard.text).toBe('my own text')
  })

  test('replaced: a newer copy took over (its own clear is told later, once)', async () => {
    const { timers, guard, settled } = setup()
    const first = await guard.copy('first', 10)
    const second = await guard.copy('second', 20)
    expect(second.copyId).not.toBe(first.copyId)
    expect(settled).toEqual([{ copyId: first.copyId, outcome: 'replaced' }])
    timers.advance(20_000)
    await flush()
    expect(settled).toEqual([
      { copyId: first.copyId, outcome: 'replaced' },
      { copyId: second.copyId, outcome: 'cleared' },
    ])
  })

  test('failed: a clipboard that cannot be read is not claimed cleared', async () => {
    const { clipboard, timers, guard, settled } = setup()
    const { copyId } = await guard.copy('sk_test_secret', 10)
    clipboard.readText = async () => {
      throw new Error('busy')
    }
    timers.advance(10_000)
    await flush()
    expect(settled).toEqual([{ copyId, outcome: 'failed' }])
  })

  test('a copy that is never cleared, and a failed write, tell nothing', async () => {
    const { clipboard, guard, settled } = setup()
    await guard.copy('a', null)
    clipboard.writeSecret = async () => {
      throw new Error('clipboard busy')
    }
    await expect(guard.copy('b', 10)).rejects.toThrow('clipboard busy')
    expect(await guard.clearIfHolding()).toBe(false)
    expect(settled).toEqual([])
  })

  test('quitting clears a pending copy and says so', async () => {
    const { guard, settled } = setup()
    const { copyId } = await guard.copy('sk_test_secret', 300)
    expect(await guard.clearIfHolding()).toBe(true)
    expect(settled).toEqual([{ copyId, outcome: 'cleared' }])
  })
})

describe('real timers', () => {
  afterEach(() => vi.useRealTimers())

  test('clear after the set time, and a newer copy cancels the older clear', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) })
    const clipboard = new MemoryClipboard()
    const guard = new ClipboardGuard(clipboard, realTimers, () => new Date(), () => {})
    await guard.copy('first', 10)
    await guard.copy('second', 60)
    await vi.advanceTimersByTimeAsync(59_999)
    expect(clipboard.text).toBe('second')
    await vi.advanceTimersByTimeAsync(1)
    expect(clipboard.text).toBe('')
  })

  test('a pending clear does not keep the process alive', () => {
    // The CLI and the e2e bridge exit while a clear is pending; the OS clipboard outlives them anyway.
    const handle = realTimers.setTimeout(() => {}, 60_000) as NodeJS.Timeout
    expect(handle.hasRef()).toBe(false)
    realTimers.clearTimeout(handle)
  })
})
