import { contextBridge, ipcRenderer } from 'electron'
import { IPC_EVENTS, RENDERER_CHANNELS, methodName, type NavigateEvent } from '../shared/ipc-contract'

// One method per renderer channel of the contract, generated from the contract; never ipcRenderer itself,
// never an event object, never process.env.
const api: Record<string, unknown> = {}
for (const channel of RENDERER_CHANNELS) {
  api[methodName(channel)] = (request?: unknown) => ipcRenderer.invoke(channel, request)
}
api.onNavigate = (listener: (event: NavigateEvent) => void) => {
  const wrapped = (_event: unknown, payload: NavigateEvent) => listener({ profileId: payload.profileId, tokenId: payload.tokenId })
  ipcRenderer.on(IPC_EVENTS.navigate, wrapped)
  return () => ipcRenderer.removeListener(IPC_EVENTS.navigate, wrapped)
}
contextBridge.exposeInMainWorld('keyward', api)
