import { Menu, Tray, nativeImage } from 'electron'
import { join } from 'node:path'
import type { ShellCall } from './ipc'

export interface TrayRecent {
  readonly profileId: string
  readonly tokenId: string
  readonly label: string
}

export interface TrayState {
  readonly attention: number
  readonly recent: readonly TrayRecent[]
}

export interface TrayActions {
  open(): void
  openAttention(): void
  copy(recent: TrayRecent): void
  quit(): void
}

/** Builds the tray menu template; pure so it can be tested without Electron. */
export function trayMenuTemplate(state: TrayState, actions: TrayActions): Electron.MenuItemConstructorOptions[] {
  const attention =
    state.attention === 0
      ? { label: 'All tokens healthy', enabled: false }
      : { label: state.attention === 1 ? '1 token needs attention' : `${state.attention} tokens need attention`, click: () => actions.openAttention() }
  const recent: Electron.MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: 'No recent copies', enabled: false }]
      : state.recent.slice(0, 5).map((r) => ({ label: `Copy ${r.label}`, click: () => actions.copy(r) }))
  return [
    attention,
    { label: 'Open Keyward', click: () => actions.open() },
    { type: 'separator' },
    { label: 'Recently copied', enabled: false },
    ...recent,
    { type: 'separator' },
    { label: 'Quit Keyward', click: () => actions.quit() },
  ]
}

/**
 * The tray's quick copy, through the same dispatch as a copy from the window: validated, a
 * failure logged and the tray refreshed there. On failure the token opens, so the user sees why.
 */
export async function copyRecent(call: ShellCall, recent: TrayRecent, onFailure: (recent: TrayRecent) => void): Promise<void> {
  const result = await call('tokens:copy', { profileId: recent.profileId, tokenId: recent.tokenId }, 'shell')
  if (!result.ok) onFailure(recent)
}

/** The tray icon; `refresh` rebuilds its menu from the current state. */
export function createTray(actions: TrayActions, loadState: () => Promise<TrayState>): { refresh(): Promise<void>; destroy(): void } {
  const icon = nativeImage.createFromPath(join(import.meta.dirname, '../../resources/tray.png'))
  const tray = new Tray(icon)
  tray.setToolTip('Keyward')
  tray.on('click', () => actions.open())
  const refresh = async () => {
    const state = await loadState()
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(state, actions)))
    tray.setToolTip(state.attention ? `Keyward — ${state.attention} need attention` : 'Keyward')
  }
  void refresh()
  return { refresh, destroy: () => tray.destroy() }
}
