/**
 * One unwrapped function per contract channel the UI uses. Stores import these, so the
 * bridge (window.keyward) has exactly one entry point in the renderer.
 */
import type { IpcRequest, NavigateEvent } from '@shared/ipc-contract'
import { api, unwrap } from './keyward'

export const appCalls = {
  info: () => unwrap(api.appInfo()),
  dismissRotation: (id: string) => unwrap(api.rotationDismiss({ id })),
  onNavigate: (listener: (event: NavigateEvent) => void) => api.onNavigate(listener),
}

export const profileCalls = {
  list: () => unwrap(api.profilesList()),
  add: (req: IpcRequest<'profiles:add'>) => unwrap(api.profilesAdd(req)),
  update: (req: IpcRequest<'profiles:update'>) => unwrap(api.profilesUpdate(req)),
  remove: (id: string) => unwrap(api.profilesRemove({ id })),
  test: (req: IpcRequest<'profiles:test'>) => unwrap(api.profilesTest(req)),
}

export const tokenCalls = {
  list: (profileId: string) => unwrap(api.tokensList({ profileId })),
  scopes: (profileId: string) => unwrap(api.tokensScopes({ profileId })),
  create: (req: IpcRequest<'tokens:create'>) => unwrap(api.tokensCreate(req)),
  rotate: (req: IpcRequest<'tokens:rotate'>) => unwrap(api.tokensRotate(req)),
  revoke: (req: IpcRequest<'tokens:revoke'>) => unwrap(api.tokensRevoke(req)),
  copy: (profileId: string, tokenId: string) => unwrap(api.tokensCopy({ profileId, tokenId })),
  import: (profileId: string, secret: string) => unwrap(api.tokensImport({ profileId, secret })),
  search: (query: string) => unwrap(api.tokensSearch({ query })),
  copySecret: (secret: string) => unwrap(api.secretCopy({ secret })),
  snooze: (profileId: string, tokenId: string, days: 1 | 7) => unwrap(api.remindersSnooze({ profileId, tokenId, days })),
}

export const settingsCalls = {
  get: () => unwrap(api.settingsGet()),
  update: (patch: IpcRequest<'settings:update'>) => unwrap(api.settingsUpdate(patch)),
  removeSandbox: () => unwrap(api.sandboxRemove()),
}
