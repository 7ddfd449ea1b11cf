import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron'
import { RENDERER_CHANNELS, type Channel } from '../shared/ipc-contract'
import type { IpcResult } from '../shared/errors'
import { dispatch, UNTRUSTED_SENDER, type HandlerTable } from '../core/ipc-dispatch'

/**
 * Binds every renderer channel of the contract through one wrapper: the sender frame is checked first,
 * then core's dispatch validates the payload and runs the handler. Nothing else calls ipcMain.handle.
 * `onHandled` lets the shell react to results (tray refresh, login item) without its own channels.
 */
export function bindContract(
  handlers: HandlerTable,
  isTrustedFrame: (frame: WebFrameMain | null) => boolean,
  log: (line: string) => void,
  onHandled: (channel: Channel, result: IpcResult<unknown>) => void = () => {},
): void {
  for (const channel of RENDERER_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedFrame(event.senderFrame)) {
        log(`${channel} refused: untrusted sender`)
        return UNTRUSTED_SENDER
      }
      const result = await dispatch(handlers, channel, payload, log)
      onHandled(channel, result)
      return result
    })
  }
}
