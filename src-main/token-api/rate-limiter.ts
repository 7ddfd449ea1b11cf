const WINDOW_MS = 60_000

/** A fixed one-minute window per key; simple, predictable, and enough for a sandbox. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(private readonly perMinute: number) {}

  /** Counts a request; returns null when allowed, else the whole seconds until the window resets. */
  hit(id: string, now: number): number | null {
    if (!(this.perMinute > 0) || this.perMinute === Infinity) return null
    let window = this.windows.get(id)
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 }
      this.windows.set(id, window)
    }
    window.count++
    if (window.count <= this.perMinute) return null
    return Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000))
  }

  /** How many keys hold a window: what memory the limiter keeps (prune bounds it). */
  get size(): number {
    return this.windows.size
  }

  /** Drops finished windows so memory follows active keys, not all keys ever seen. */
  prune(now: number): void {
    for (const [id, window] of this.windows) if (now - window.start >= WINDOW_MS) this.windows.delete(id)
  }
}
