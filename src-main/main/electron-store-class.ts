import ElectronStore from 'electron-store'
import type { StoreClass } from '../core/store'

/**
 * electron-store as core's StoreClass. electron-store names the file with `name` and overwrites
 * conf's `configName` with it, so the name must be passed through or every store would share
 * config.json.
 */
export const ElectronStoreClass: StoreClass = class<T extends Record<string, unknown>> extends ElectronStore<T> {
  constructor(options: { cwd: string; configName: string; accessPropertiesByDotNotation: boolean; configFileMode: number }) {
    super({
      cwd: options.cwd,
      name: options.configName,
      accessPropertiesByDotNotation: options.accessPropertiesByDotNotation,
      configFileMode: options.configFileMode,
    })
  }
}
