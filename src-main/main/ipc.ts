import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron'
import { RENDERER_CHANNELS, type Channel } from '../shared/ipc-contract'
import type { IpcResult } from '../shared/errors'
import { dispatch, UNTRUSTED_SENDER, type Caller, type HandlerTable } from '../core/ipc-dispatch'

/**
 * One call into core as the shell makes it: validated, run, logged, and reacted to. `caller` is
 * 'renderer' for calls from the window (renderer channels only), 'shell' for the shell's own.
 */
export type ShellCall = (channel: Channel, payload: unknown, caller: Caller) => Promise<IpcResult<unknown>>

/**
 * Core's dispatch plus the shell's reaction to results (`onHandled`: tray refresh, login item).
 * The IPC binding and the tray both call through it, so a tray action is validated, its failure
 * logged and the tray refreshed exactly as for the same call from the window.
 */
export function shellDispatcher(
  handlers: HandlerTable,
  log: (line: string) => void,
  onHandled: (channel: Channel, result: IpcResult<unknown>) => void = () => {},
): ShellCall {
  return async (channel, payload, caller) => {
    const result = await dispatch(handlers, channel, payload, log, caller)
    onHandled(channel, result)
    return result
  }
}

/**
 * Binds every renderer channel of the contract through one wrapper: the sender frame is checked
 * first, then the shell's dispatcher validates the payload and runs the handler. Nothing else
 * calls ipcMain.handle.
 */
export function bindContract(call: ShellCall, isTrustedFrame: (frame: WebFrameMain | null) => boolean, log: (line: string) => void): void {
  for (const channel of RENDERER_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedFrame(event.senderFrame)) {
        log(`${channel} refused: untrusted sender`)
        return UNTRUSTED_SENDER
      }
      return call(channel, payload, 'renderer')
    })
  }
}
