import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, vi } from 'vitest'

// electron-store asks Electron only for default paths and registers one ipcMain listener.
vi.mock('electron', () => {
  const electron = { app: { getPath: () => tmpdir(), getVersion: () => '0.0.0' }, ipcMain: { on: () => {} }, shell: {} }
  return { default: electron, ...electron }
})

const { ElectronStoreFile } = await import('./electron-store-file')
const { StateFile } = await import('../core/persistence/state-file')
const { TokenCache } = await import('../core/persistence/token-cache')

const now = new Date('2026-01-01T00:00:00Z')

test('the app persists settings and the token cache in separate files through electron-store, readable by core under plain Node', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-estore-'))
  try {
    const state = new StateFile(dir, now, ElectronStoreFile)
    state.update((s) => ({ ...s, settings: { ...s.settings, clipboardClearSeconds: 45 } }))
    const cache = new TokenCache(dir, now, ElectronStoreFile)
    cache.set('prf_1', { fetchedAt: now.toISOString(), tokens: [] })
    cache.flush()
    expect(existsSync(join(dir, 'config.json'))).toBe(true)
    expect(existsSync(join(dir, 'token-cache.json'))).toBe(true)
    const written = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>
    expect((written.settings as { clipboardClearSeconds: number }).clipboardClearSeconds).toBe(45)
    expect(Object.keys(written)).not.toContain('__internal__')
    // Same file format as conf: core under plain Node (the CLI, the preview) reads what the app wrote.
    expect(new StateFile(dir, now).settings.clipboardClearSeconds).toBe(45)
    expect(new TokenCache(dir, now).get('prf_1')?.fetchedAt).toBe(now.toISOString())
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('a corrupt settings file under electron-store is kept as a backup and reported, not reset silently', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-estore-'))
  try {
    await writeFile(join(dir, 'config.json'), '{"schemaVersion": 2, "settings": ')
    const state = new StateFile(dir, now, ElectronStoreFile)
    expect(state.problem).toContain('could not be read (it is not valid JSON)')
    expect(state.profiles).toEqual([])
    expect(await readFile(join(dir, 'config.corrupt-2026-01-01T00-00-00-000Z.json'), 'utf8')).toContain('"settings": ')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
