import ElectronStore from 'electron-store'
import type { JsonFileClass, JsonFileOptions } from '../core/persistence/json-file'

/**
 * electron-store as the owner of core's JSON files in the app. electron-store names the file with
 * `name` and overwrites conf's `configName` with it, so the name must be passed through or every
 * file would be config.json.
 */
export const ElectronStoreFile: JsonFileClass = class extends ElectronStore<Record<string, unknown>> {
  constructor({ configName, ...options }: JsonFileOptions) {
    super({ ...options, name: configName })
  }
}
