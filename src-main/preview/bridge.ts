/// <reference lib="dom" />
/**
 * The browser shell's bridge: the built renderer served to a Playwright-driven Chromium from an
 * origin that never reaches the network, and `window.keyward` generated from the IPC contract and
 * bound (exposeBinding) to core's dispatch. The preview (`npm run preview`) and the e2e browser
 * mode both use it, so what the tests prove is what the preview runs.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, sep } from 'node:path'
import { dispatch, UNTRUSTED_SENDER, type HandlerTable } from '../core/ipc-dispatch'
import type { IpcResult } from '../shared/errors'
import type { CoreEvents } from '../core/core-events'
import { EVENT_METHODS, EVENT_PAYLOAD, IPC_EVENTS, methodName, RENDERER_CHANNELS, type Channel, type NavigateEvent } from '../shared/ipc-contract'

/** An origin that never reaches the network: every request to it is answered from the built renderer. */
export const APP_ORIGIN = 'http://keyward.localhost'

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/** Answers the app origin from `rendererDir` and refuses every other request, like Electron's locked-down window. */
export async function serveRenderer(context: BrowserContext, rendererDir: string): Promise<void> {
  const root = rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep
  await context.route(`${APP_ORIGIN}/**`, async (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname)
    const file = join(root, path === '/' ? 'index.html' : path)
    if (!file.startsWith(root) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' })
    return route.fulfill({ status: 200, contentType: MIME[extname(file)] ?? 'application/octet-stream', body: await readFile(file) })
  })
  await context.route((url) => url.origin !== APP_ORIGIN, (route) => route.abort('blockedbyclient'))
}

export interface BridgeOptions {
  readonly handlers: HandlerTable
  readonly log: (line: string) => void
  /** Called after every handled call, for shells that react to results. */
  readonly onHandled?: (channel: Channel, result: IpcResult<unknown>) => void
}

/**
 * Binds `window.keyward` in every page of the context: one method per renderer channel plus one
 * subscription per event (onNavigate, onClipboard), the same surface the preload exposes. Only
 * the app's own top frame may call.
 */
export async function installBridge(context: BrowserContext, options: BridgeOptions): Promise<void> {
  await context.exposeBinding('__keywardInvoke', async (source, channel: string, payload: unknown) => {
    if (source.frame !== source.page.mainFrame() || new URL(source.frame.url()).origin !== APP_ORIGIN) {
      options.log(`${channel} refused: untrusted sender`)
      return UNTRUSTED_SENDER
    }
    const result = await dispatch(options.handlers, channel, payload, options.log)
    options.onHandled?.(channel as Channel, result)
    return result
  })
  const methods = RENDERER_CHANNELS.map((c) => [methodName(c), c] as const)
  const events = (Object.keys(IPC_EVENTS) as EventKey[]).map((k) => [EVENT_METHODS[k], IPC_EVENTS[k]] as const)
  await context.addInitScript(
    ({ methods, events }: { methods: ReadonlyArray<readonly [string, string]>; events: ReadonlyArray<readonly [string, string]> }) => {
      const invoke = (window as unknown as { __keywardInvoke: (c: string, p: unknown) => Promise<unknown> }).__keywardInvoke
      const api: Record<string, unknown> = {}
      for (const [method, channel] of methods) api[method] = (request?: unknown) => invoke(channel, request)
      const listeners = new Map<string, Set<(e: unknown) => void>>()
      for (const [method, channel] of events) {
        const set = new Set<(e: unknown) => void>()
        listeners.set(channel, set)
        api[method] = (listener: (e: unknown) => void) => {
          set.add(listener)
          return () => set.delete(listener)
        }
      }
      ;(window as unknown as { __keywardEvent: (c: string, e: unknown) => void }).__keywardEvent = (c, e) => listeners.get(c)?.forEach((l) => l(e))
      Object.defineProperty(window, 'keyward', { value: Object.freeze(api), writable: false })
    },
    { methods, events },
  )
}

type EventKey = keyof typeof IPC_EVENTS
type EventPayload<K extends EventKey> = Parameters<(typeof EVENT_PAYLOAD)[K]>[0]

/** Delivers an event to the page's listeners for it, with the payload's known fields only. */
export async function sendEvent<K extends EventKey>(page: Page, key: K, event: EventPayload<K>): Promise<void> {
  const payload = (EVENT_PAYLOAD[key] as (e: EventPayload<K>) => unknown)(event)
  await page.evaluate(
    ([channel, e]) => (window as unknown as { __keywardEvent: (c: string, e: unknown) => void }).__keywardEvent(channel, e),
    [IPC_EVENTS[key], payload] as const,
  )
}

/** Sends a navigate event to the page's onNavigate listeners (a notification or tray click). */
export function sendNavigate(page: Page, event: NavigateEvent): Promise<void> {
  return sendEvent(page, 'navigate', event)
}

/** Forwards core's own events (a clipboard clear) to the page while it is open; returns the stop. */
export function forwardCoreEvents(events: CoreEvents, page: Page, log: (line: string) => void): () => void {
  return events.on('clipboard', (e) => {
    if (page.isClosed()) return
    void sendEvent(page, 'clipboard', e).catch((error: unknown) => log(`events: could not tell the window (${error instanceof Error ? error.name : 'error'})`))
  })
}
