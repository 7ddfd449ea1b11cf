import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron'
import { CHANNELS } from '../shared/ipc-contract'
import { dispatch, type HandlerTable } from '../core/ipc-dispatch'

/**
 * Binds every contract channel through one wrapper: the sender frame is checked first,
 * then core's dispatch validates the payload and runs the handler. Nothing else calls ipcMain.handle.
 */
export function bindContract(
  handlers: HandlerTable,
  isTrustedFrame: (frame: WebFrameMain | null) => boolean,
  log: (line: string) => void,
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedFrame(event.senderFrame)) {
        log(`${channel} refused: untrusted sender`)
        return { ok: false, error: { code: 'INVALID_REQUEST', message: 'Request refused: it did not come from Keyward.' } }
      }
      return dispatch(handlers, channel, payload, log)
    })
  }
}
