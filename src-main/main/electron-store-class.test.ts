import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, vi } from 'vitest'

// electron-store asks Electron only for default paths and registers one ipcMain listener.
vi.mock('electron', () => {
  const electron = { app: { getPath: () => tmpdir(), getVersion: () => '0.0.0' }, ipcMain: { on: () => {} }, shell: {} }
  return { default: electron, ...electron }
})

const { ElectronStoreClass } = await import('./electron-store-class')
const { StateStore, TokenCache } = await import('../core/store')

test('the app persists settings and the token cache in separate files through electron-store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-estore-'))
  try {
    const now = new Date('2026-01-01T00:00:00Z')
    const store = new StateStore(dir, now, ElectronStoreClass)
    store.update((s) => ({ ...s, settings: { ...s.settings, clipboardClearSeconds: 45 } }))
    const cache = new TokenCache(dir, now, ElectronStoreClass)
    cache.set('prf_1', { fetchedAt: now.toISOString(), tokens: [] })
    cache.flush()
    expect(existsSync(join(dir, 'config.json'))).toBe(true)
    expect(existsSync(join(dir, 'token-cache.json'))).toBe(true)
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).settings.clipboardClearSeconds).toBe(45)
    // Same file format as conf: core under plain Node reads what the app wrote.
    expect(new StateStore(dir, now).settings.clipboardClearSeconds).toBe(45)
    expect(new TokenCache(dir, now).get('prf_1')?.fetchedAt).toBe(now.toISOString())
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
