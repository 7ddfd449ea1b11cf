import type { Channel, IpcParsedRequest, IpcResponse } from '../shared/ipc-contract'
import { ipcContract, isRendererChannel } from '../shared/ipc-contract'
import type { IpcResult } from '../shared/errors'
import { KeywardError } from './errors'

/** The implementation of every contract channel. */
export type HandlerTable = {
  readonly [C in Channel]: (request: IpcParsedRequest<C>) => Promise<IpcResponse<C>>
}

/** Logs without secrets: only the channel and error code, never payloads. */
export type DispatchLogger = (line: string) => void

/** What a call from a frame other than Keyward's own gets back, in Electron and in the e2e bridge alike. */
export const UNTRUSTED_SENDER: IpcResult<never> = {
  ok: false,
  error: { code: 'INVALID_REQUEST', message: 'Request refused: it did not come from Keyward.' },
}

/** Who is calling: the renderer may use the renderer channels only; a shell (timer, CLI) may use every channel. */
export type Caller = 'renderer' | 'shell'

/**
 * Validates a payload against the contract, runs its handler and turns the outcome into data.
 * Both the Electron binding and the e2e browser bridge call this, so they cannot drift.
 */
export async function dispatch(
  handlers: HandlerTable,
  channel: string,
  payload: unknown,
  log: DispatchLogger = () => {},
  caller: Caller = 'renderer',
): Promise<IpcResult<unknown>> {
  // An internal channel does not exist for the renderer: the same answer as a made-up name.
  if (!Object.hasOwn(ipcContract, channel) || (caller === 'renderer' && !isRendererChannel(channel as Channel))) {
    return { ok: false, error: { code: 'INVALID_REQUEST', message: `Unknown channel ${JSON.stringify(channel)}.` } }
  }
  const c = channel as Channel
  const parsed = ipcContract[c].request.safeParse(payload)
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'INVALID_REQUEST',
        message: 'The request was not valid.',
        details: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
      },
    }
  }
  try {
    const handler = handlers[c] as (request: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    if (error instanceof KeywardError) {
      log(`${c} failed: ${error.code}`)
      return { ok: false, error: error.toIpcError() }
    }
    // Unexpected: keep the message generic; error text might echo input, so log only its type.
    log(`${c} failed unexpectedly: ${error instanceof Error ? error.name : typeof error}`)
    return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Keyward. Try again; if it persists, restart the app.' } }
  }
}
