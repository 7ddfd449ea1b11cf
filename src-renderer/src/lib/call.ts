/**
 * The renderer's one way into main: `call(channel, request)`, typed by the IPC contract. Store
 * actions use it; components never touch window.keyward.
 */
import type { IpcError, IpcResult } from '@shared/errors'
// Types only: the contract module's schemas would bring zod into the first bundle.
import type { Channel, ClipboardEvent, IpcRequest, IpcResponse, MethodName, NavigateEvent, RendererChannel } from '@shared/ipc-contract'

/** A channel without a request takes no second argument. */
type RequestArgs<C extends Channel> = IpcRequest<C> extends undefined ? [] : [request: IpcRequest<C>]

/** Thrown by `call` when main answers with a failure, so actions can catch one type with a user-facing message. */
export class CallError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message)
    this.name = 'CallError'
  }
}

/**
 * The bridge method of a channel, named as the contract's `methodName` names it ('tokens:list' →
 * 'tokensList'; call.test.ts checks every channel against it).
 */
export function bridgeMethod<C extends Channel>(channel: C): MethodName<C> {
  const [area, action] = channel.split(':') as [string, string]
  const tail = action
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
  return `${area}${tail}` as MethodName<C>
}

/** Sends a request on a contract channel; resolves with its response, or throws CallError. */
export async function call<C extends RendererChannel>(channel: C, ...request: RequestArgs<C>): Promise<IpcResponse<C>> {
  // The preload generates exactly this method per channel; the cast only forgets which one.
  const method = window.keyward[bridgeMethod(channel)] as unknown as (...args: RequestArgs<C>) => Promise<IpcResult<IpcResponse<C>>>
  const result = await method(...request)
  if (result.ok) return result.value
  throw new CallError(result.error)
}

/** Subscribes to main's navigation requests (a notification click); returns the unsubscribe. */
export function onNavigate(listener: (event: NavigateEvent) => void): () => void {
  return window.keyward.onNavigate(listener)
}

/** Subscribes to how main's timed clipboard clears end; returns the unsubscribe. */
export function onClipboard(listener: (event: ClipboardEvent) => void): () => void {
  return window.keyward.onClipboard(listener)
}

/** The IpcError behind anything thrown, so the UI can show words a user can act on. */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof CallError) return error.error
  // Never echo arbitrary exception text: it might contain input the user pasted.
  return { code: 'INTERNAL', message: 'Something went wrong inside Keyward. Try again; if it persists, restart the app.' }
}
