import { contextBridge, ipcRenderer } from 'electron'
import { EVENT_METHODS, EVENT_PAYLOAD, IPC_EVENTS, RENDERER_CHANNELS, methodName } from '../shared/ipc-contract'

// One method per renderer channel of the contract, generated from the contract; never ipcRenderer itself,
// never an event object, never process.env.
const api: Record<string, unknown> = {}
for (const channel of RENDERER_CHANNELS) {
  api[methodName(channel)] = (request?: unknown) => ipcRenderer.invoke(channel, request)
}
// One subscription per main → renderer event; the listener gets the payload's known fields only.
for (const key of Object.keys(IPC_EVENTS) as (keyof typeof IPC_EVENTS)[]) {
  const pick = EVENT_PAYLOAD[key] as (payload: unknown) => unknown
  api[EVENT_METHODS[key]] = (listener: (event: unknown) => void) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(pick(payload))
    ipcRenderer.on(IPC_EVENTS[key], wrapped)
    return () => ipcRenderer.removeListener(IPC_EVENTS[key], wrapped)
  }
}
contextBridge.exposeInMainWorld('keyward', api)
