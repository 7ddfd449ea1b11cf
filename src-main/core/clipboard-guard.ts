/**
 * Copies secrets through the clipboard port and clears them after a while — only if the clipboard
 * still holds that secret, so something the user copied since is never wiped.
 */
import type { ClipboardPort } from './ports'

/** Timers, injectable so tests do not sleep. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    // A pending clear must not keep a Node process (tests, the e2e bridge) alive.
    t.unref()
    return t
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

export class ClipboardGuard {
  private pending: { secret: string; handle: unknown } | null = null

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly timers: Timers,
    private readonly now: () => Date,
    private readonly log: (line: string) => void,
  ) {}

  /** Writes the secret and schedules its clearing; returns when it clears (null = never). */
  async copy(secret: string, clearSeconds: number | null): Promise<{ clearsAt: string | null }> {
    await this.clipboard.writeSecret(secret)
    // Only after the write: had it failed, the previous secret would still be on the clipboard
    // and its pending clear is what removes it.
    this.cancel()
    if (clearSeconds === null) return { clearsAt: null }
    const handle = this.timers.setTimeout(() => void this.clearIfHolding(), clearSeconds * 1000)
    this.pending = { secret, handle }
    return { clearsAt: new Date(this.now().getTime() + clearSeconds * 1000).toISOString() }
  }

  /** Clears the clipboard now if it still holds the last copied secret (timer or quit). */
  async clearIfHolding(): Promise<boolean> {
    const p = this.pending
    if (!p) return false
    this.pending = null
    this.timers.clearTimeout(p.handle)
    try {
      if ((await this.clipboard.readText()) === p.secret) {
        await this.clipboard.clear()
        this.log('clipboard: cleared a copied secret')
        return true
      }
    } catch (error) {
      this.log(`clipboard: could not clear (${error instanceof Error ? error.name : 'error'})`)
    }
    return false
  }

  private cancel(): void {
    if (this.pending) this.timers.clearTimeout(this.pending.handle)
    this.pending = null
  }
}
