import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limiter'

const T0 = 1_700_000_000_123

/** Hits `id` n times at `now`, returning what each hit answered. */
const hits = (limiter: RateLimiter, id: string, n: number, now: number) => Array.from({ length: n }, () => limiter.hit(id, now))

describe('RateLimiter', () => {
  it('allows exactly the per-minute budget, then answers the whole seconds until the window resets', () => {
    const limiter = new RateLimiter(3)
    expect(hits(limiter, 'key_a', 3, T0)).toEqual([null, null, null])
    expect(limiter.hit('key_a', T0 + 500)).toBe(60)
    expect(limiter.hit('key_a', T0 + 30_000)).toBe(30)
    expect(limiter.hit('key_a', T0 + 30_001)).toBe(30)
    expect(limiter.hit('key_a', T0 + 58_999)).toBe(2)
    expect(limiter.hit('key_a', T0 + 59_000)).toBe(1)
    expect(limiter.hit('key_a', T0 + 59_999)).toBe(1)
  })

  it('starts a fresh window exactly one minute after the first hit, not at the next clock minute', () => {
    const limiter = new RateLimiter(2)
    expect(hits(limiter, 'key_a', 3, T0)).toEqual([null, null, 60])
    expect(limiter.hit('key_a', T0 + 60_000)).toBeNull()
    expect(limiter.hit('key_a', T0 + 60_001)).toBeNull()
    // The new window began at T0 + 60 s, so it runs until T0 + 120 s.
    expect(limiter.hit('key_a', T0 + 61_000)).toBe(59)
    expect(limiter.hit('key_a', T0 + 119_999)).toBe(1)
    expect(limiter.hit('key_a', T0 + 120_000)).toBeNull()
  })

  it('keeps counting refused requests: hammering does not open the window early', () => {
    const limiter = new RateLimiter(1)
    expect(limiter.hit('key_a', T0)).toBeNull()
    for (let s = 1; s < 60; s++) expect(limiter.hit('key_a', T0 + s * 1000)).toBe(60 - s)
  })

  it('counts every key on its own', () => {
    const limiter = new RateLimiter(1)
    expect(limiter.hit('key_a', T0)).toBeNull()
    expect(limiter.hit('key_a', T0)).toBe(60)
    expect(limiter.hit('key_b', T0 + 10_000)).toBeNull()
    expect(limiter.hit('key_b', T0 + 10_000)).toBe(60)
    expect(limiter.hit('key_a', T0 + 10_000)).toBe(50)
  })

  it('never limits with no budget set: zero, negative, NaN or Infinity per minute', () => {
    for (const perMinute of [0, -1, Number.NaN, Infinity]) {
      const limiter = new RateLimiter(perMinute)
      expect(hits(limiter, 'key_a', 1000, T0).every((r) => r === null), String(perMinute)).toBe(true)
      expect(limiter.size).toBe(0)
    }
  })

  it('prune forgets finished windows and keeps the live ones, with their counts', () => {
    const limiter = new RateLimiter(1)
    limiter.hit('key_old', T0)
    limiter.hit('key_edge', T0 + 1)
    limiter.hit('key_live', T0 + 30_000)
    expect(limiter.size).toBe(3)
    limiter.prune(T0 + 60_000)
    expect(limiter.size).toBe(2)
    limiter.prune(T0 + 60_001)
    expect(limiter.size).toBe(1)
    // The live key is still over its budget after the prune.
    expect(limiter.hit('key_live', T0 + 60_001)).toBe(30)
    expect(limiter.hit('key_old', T0 + 60_001)).toBeNull()
    limiter.prune(T0 + 90_000)
    expect(limiter.size).toBe(1)
  })
})
