/// <reference lib="dom" />
/**
 * Core's clipboard and notifier ports for the preview, through its page: the system clipboard via
 * navigator.clipboard and desktop notifications via the page's Notification API (Chromium was
 * granted both for the app origin only).
 */
import type { CDPSession, Page } from 'playwright-core'
import type { ClipboardPort, NotifierPort } from '../core/ports'
import { IPC_EVENTS, type NavigateEvent } from '../shared/ipc-contract'
import type { ReminderNotification } from '../shared/models'

/** The page the ports act through, once the window is open; null before and after. */
export type PageSource = () => Page | null

function requirePage(source: PageSource): Page {
  const page = source()
  if (!page || page.isClosed()) throw new Error('The preview window is closed.')
  return page
}

/**
 * Runs `expression` in an isolated world of the page's top frame. Clipboard text goes through
 * here, never through the app's own JavaScript world, so a stored secret never reaches the
 * renderer's code (as in Electron, where main writes the clipboard).
 */
async function evaluateIsolated(page: Page, expression: string): Promise<unknown> {
  const session: CDPSession = await page.context().newCDPSession(page)
  try {
    const { frameTree } = await session.send('Page.getFrameTree')
    const { executionContextId } = await session.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'keyward-clipboard' })
    const reply = await session.send('Runtime.evaluate', { expression, contextId: executionContextId, awaitPromise: true, returnByValue: true, userGesture: true })
    if (reply.exceptionDetails) throw new Error(`clipboard: ${reply.exceptionDetails.exception?.description?.split('\n')[0] ?? 'failed'}`)
    return reply.result.value
  } finally {
    await session.detach().catch(() => {})
  }
}

/**
 * The system clipboard through the page. Unlike Electron's, it cannot mark a secret concealed
 * (the web clipboard has no raw OS formats); core's guard still clears it only if unchanged.
 */
export function pageClipboard(source: PageSource, onHolding: (holding: boolean) => void = () => {}): ClipboardPort {
  return {
    writeSecret: async (text) => {
      await evaluateIsolated(requirePage(source), `navigator.clipboard.writeText(${JSON.stringify(text)})`)
      onHolding(true)
    },
    readText: async () => String(await evaluateIsolated(requirePage(source), 'navigator.clipboard.readText()')),
    clear: async () => {
      await evaluateIsolated(requirePage(source), `navigator.clipboard.writeText('')`)
      onHolding(false)
    },
  }
}

/**
 * Desktop notifications shown by the page. A click brings the window forward and navigates to the
 * reminder's token through the bridge's onNavigate listeners, as a notification click does in Electron.
 */
export function pageNotifier(source: PageSource, log: (line: string) => void): NotifierPort {
  return {
    show(notification: ReminderNotification) {
      const page = source()
      if (!page || page.isClosed()) return
      const target: NavigateEvent = { profileId: notification.target?.profileId ?? null, tokenId: notification.target?.tokenId ?? null }
      void page
        .evaluate(
          ({ title, body, target, channel }) => {
            const n = new Notification(title, { body })
            n.onclick = () => {
              window.focus()
              ;(window as unknown as { __keywardEvent: (c: string, e: unknown) => void }).__keywardEvent(channel, target)
            }
          },
          { title: notification.title, body: notification.body, target, channel: IPC_EVENTS.navigate },
        )
        .catch((error: unknown) => log(`notifications: could not show one (${error instanceof Error ? error.name : 'error'})`))
    },
  }
}
