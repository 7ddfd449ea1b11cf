/**
 * Copies secrets through the clipboard port and clears them after a while — only if the clipboard
 * still holds that secret, so something the user copied since is never wiped. Says how each timed
 * copy ended (cleared, left as is, could not tell), so the window can stop counting down.
 */
import type { ClipboardEvent } from '../shared/ipc-contract'
import type { Copied } from '../shared/models'
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
  private pending: { secret: string; handle: unknown; copyId: number } | null = null
  private lastCopyId = 0

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly timers: Timers,
    private readonly now: () => Date,
    private readonly log: (line: string) => void,
    /** How a timed copy ended; never carries the secret. */
    private readonly onSettled: (event: ClipboardEvent) => void = () => {},
  ) {}

  /** Writes the secret and schedules its clearing; returns when it clears (null = never) and the copy's id. */
  async copy(secret: string, clearSeconds: number | null): Promise<Copied> {
    await this.clipboard.writeSecret(secret)
    const copyId = ++this.lastCopyId
    // Only after the write: had it failed, the previous secret would still be on the clipboard
    // and its pending clear is what removes it. Now that one is replaced by this copy.
    this.cancel()
    if (clearSeconds === null) return { clearsAt: null, copyId }
    const handle = this.timers.setTimeout(() => void this.clearIfHolding(), clearSeconds * 1000)
    this.pending = { secret, handle, copyId }
    return { clearsAt: new Date(this.now().getTime() + clearSeconds * 1000).toISOString(), copyId }
  }

  /** Clears the clipboard now if it still holds the last copied secret (timer or quit). */
  async clearIfHolding(): Promise<boolean> {
    const p = this.pending
    if (!p) return false
    this.pending = null
    this.timers.clearTimeout(p.handle)
    const outcome = await this.clearIf(p.secret)
    this.onSettled({ copyId: p.copyId, outcome })
    return outcome === 'cleared'
  }

  private async clearIf(secret: string): Promise<ClipboardEvent['outcome']> {
    try {
      if ((await this.clipboard.readText()) !== secret) return 'replaced'
      await this.clipboard.clear()
      this.log('clipboard: cleared a copied secret')
      return 'cleared'
    } catch (error) {
      this.log(`clipboard: could not clear (${error instanceof Error ? error.name : 'error'})`)
      return 'failed'
    }
  }

  /** A newer copy took the clipboard: the older one's clear is off, and it was left as is. */
  private cancel(): void {
    const p = this.pending
    if (!p) return
    this.timers.clearTimeout(p.handle)
    this.pending = null
    this.onSettled({ copyId: p.copyId, outcome: 'replaced' })
  }
}
