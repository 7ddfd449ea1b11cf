/**
 * Events core raises for the window (by the contract's IPC_EVENTS names). The shells forward them:
 * Electron main through webContents.send, the browser bridge into the page.
 */
import type { ClipboardEvent } from '../shared/ipc-contract'

/** What core raises, by IPC_EVENTS key. */
export interface CoreEventMap {
  readonly clipboard: ClipboardEvent
}

export type CoreEventName = keyof CoreEventMap

/** Subscribe to core's events; a listener that throws never stops core or the other listeners. */
export interface CoreEvents {
  on<K extends CoreEventName>(name: K, listener: (event: CoreEventMap[K]) => void): () => void
}

/** The hub core raises events on; shells see it as CoreEvents. */
export class CoreEventHub implements CoreEvents {
  private readonly listeners = new Map<CoreEventName, Set<(event: never) => void>>()

  constructor(private readonly log: (line: string) => void) {}

  on<K extends CoreEventName>(name: K, listener: (event: CoreEventMap[K]) => void): () => void {
    const set = this.listeners.get(name) ?? new Set()
    this.listeners.set(name, set)
    set.add(listener)
    return () => void set.delete(listener)
  }

  emit<K extends CoreEventName>(name: K, event: CoreEventMap[K]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        ;(listener as (e: CoreEventMap[K]) => void)(event)
      } catch (error) {
        this.log(`events: a ${name} listener failed (${error instanceof Error ? error.name : 'error'})`)
      }
    }
  }
}
