/** Fakes for unit tests only (integration tests use the real keytar, files and Token API). */
import type { ClipboardPort, NotifierPort } from '../ports'
import type { KeytarLike } from '../vault'
import type { Timers } from '../clipboard-guard'
import type { ReminderNotification } from '../../shared/models'

/** An in-memory keytar; `failWith` makes every call reject like a locked keychain. */
export class FakeKeytar implements KeytarLike {
  readonly items = new Map<string, string>()
  failWith: Error | null = null
  /** When set, calls never settle (a keychain that hangs). */
  hang = false

  private async guard(): Promise<void> {
    if (this.hang) await new Promise(() => {})
    if (this.failWith) throw this.failWith
  }
  async getPassword(service: string, account: string): Promise<string | null> {
    await this.guard()
    return this.items.get(`${service}\u0000${account}`) ?? null
  }
  async setPassword(service: string, account: string, password: string): Promise<void> {
    await this.guard()
    this.items.set(`${service}\u0000${account}`, password)
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    await this.guard()
    return this.items.delete(`${service}\u0000${account}`)
  }
  async findCredentials(service: string): Promise<Array<{ account: string; password: string }>> {
    await this.guard()
    const out: Array<{ account: string; password: string }> = []
    for (const [k, password] of this.items) {
      const [s, account] = k.split('\u0000') as [string, string]
      if (s === service) out.push({ account, password })
    }
    return out
  }
}

/** A clipboard that holds text in memory. */
export class MemoryClipboard implements ClipboardPort {
  text = ''
  async writeSecret(text: string): Promise<void> {
    this.text = text
  }
  async readText(): Promise<string> {
    return this.text
  }
  async clear(): Promise<void> {
    this.text = ''
  }
}

export class RecordingNotifier implements NotifierPort {
  readonly shown: ReminderNotification[] = []
  show(notification: ReminderNotification): void {
    this.shown.push(notification)
  }
}

/** Timers that fire only when the test advances them. */
export class ManualTimers implements Timers {
  private next = 1
  private readonly pending = new Map<number, { at: number; fn: () => void }>()
  nowMs = 0
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++
    this.pending.set(id, { at: this.nowMs + ms, fn })
    return id
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number)
  }
  get count(): number {
    return this.pending.size
  }
  /** Advances time and runs what came due. */
  advance(ms: number): void {
    this.nowMs += ms
    for (const [id, t] of [...this.pending]) {
      if (t.at <= this.nowMs) {
        this.pending.delete(id)
        t.fn()
      }
    }
  }
}
