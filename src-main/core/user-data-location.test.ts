import { describe, expect, test } from 'vitest'
import { defaultUserDataDir, keychainServices } from './user-data-location'

describe('where the app keeps its data', () => {
  test("Electron’s userData for productName Keyward on each platform", () => {
    expect(defaultUserDataDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/Keyward')
    expect(defaultUserDataDir({ HOME: '/home/u', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Keyward')
    expect(defaultUserDataDir({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Application Support/Keyward')
    expect(defaultUserDataDir({ HOME: 'C:\\Users\\u', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toMatch(/AppData.Roaming.Keyward$/)
  })

  test('the packaged service first, then the unpackaged one; an explicit one alone', () => {
    expect(keychainServices(undefined)).toEqual(['Keyward', 'Keyward Dev'])
    expect(keychainServices('Keyward Test 1')).toEqual(['Keyward Test 1'])
  })
})
