import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import fs, { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SETTINGS } from '../../shared/models'
import { initialState, migrate, SCHEMA_VERSION, StateFile } from './state-file'
import { TokenCache } from './token-cache'

let dir: string
const NOW = new Date(Date.UTC(2026, 0, 1))
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-state-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('a fresh directory starts with defaults and writes a versioned file', async () => {
  const state = new StateFile(dir, NOW)
  expect(state.problem).toBeNull()
  expect(state.settings).toEqual(DEFAULT_SETTINGS)
  const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { schemaVersion: number }
  expect(onDisk.schemaVersion).toBe(SCHEMA_VERSION)
  // Metadata only, but still nobody else's business.
  expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600)
})

test('changes survive a restart', async () => {
  const state = new StateFile(dir, NOW)
  state.update((s) => ({ ...s, settings: { ...s.settings, clipboardClearSeconds: 120 } }))
  expect(new StateFile(dir, NOW).settings.clipboardClearSeconds).toBe(120)
})

test('a version-1 file is migrated, keeping its profiles and settings', async () => {
  const v1 = {
    settings: { clipboardClearSeconds: 45, closeToTray: false, launchAtLogin: false, sandboxEnabled: true, reminders: { leadTimesDays: [14], rotationAgeDays: 60, staleDays: 90, neverUsedGraceDays: 30 } },
    profiles: [{ id: 'prf_1', name: 'Prod', environment: 'prod', provider: 'token-api-v1', baseUrl: 'https://api.example.com', createdAt: '2025-01-01T00:00:00.000Z', organization: null }],
  }
  await writeFile(join(dir, 'config.json'), JSON.stringify(v1))
  const state = new StateFile(dir, NOW)
  expect(state.problem).toBeNull()
  expect(state.profiles[0]).toMatchObject({ id: 'prf_1', sandbox: false, credentialPrefix: null })
  expect(state.settings.clipboardClearSeconds).toBe(45)
  expect(state.settings.reminders.leadTimesDays).toEqual([14])
  expect(state.settings.reminders.rules).toEqual({ expiry: true, rotation: true, stale: true })
})

test('a version-2 file’s reminder keys are migrated into groups, and what they remembered stays remembered', async () => {
  const v2 = {
    ...initialState(),
    schemaVersion: 2,
    reminders: {
      fired: [
        'prf_1/key_a/expiry/7',
        'prf_1/key_b/expiry/7',
        'prf_1/key_a/rotation/90',
        'prf_1/key_c/stale/90@2025-09-01T00:00:00.000Z',
        // Written before idle keys named their stretch: counted as fired for every use up to the upgrade.
        'prf_1/key_d/stale/90',
        'prf_2/key_e/stale/30n',
        'not a reminder key',
        'prf_1/key_f/rotation/90@2025-09-01T00:00:00.000Z',
      ],
      snoozed: { 'prf_1/key_a': '2026-01-02T00:00:00.000Z' },
    },
  }
  await writeFile(join(dir, 'config.json'), JSON.stringify(v2))
  const state = new StateFile(dir, NOW)
  expect(state.problem).toBeNull()
  expect(state.reminderState).toEqual({
    fired: [
      { profileId: 'prf_1', rule: 'expiry/7', tokenIds: ['key_a', 'key_b'] },
      { profileId: 'prf_1', rule: 'rotation/90', tokenIds: ['key_a'] },
      { profileId: 'prf_1', rule: 'stale/90', tokenIds: ['key_c', 'key_d'], lastUsedMs: [Date.UTC(2025, 8, 1), NOW.getTime()] },
      { profileId: 'prf_2', rule: 'stale/30n', tokenIds: ['key_e'] },
    ],
    snoozed: { 'prf_1/key_a': '2026-01-02T00:00:00.000Z' },
  })
  const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { schemaVersion: number }
  expect(onDisk.schemaVersion).toBe(3)
})

test('a version-2 file whose reminder memory is not a list of keys is kept and reported, not reset', async () => {
  await writeFile(join(dir, 'config.json'), JSON.stringify({ ...initialState(), schemaVersion: 2, reminders: { fired: [1, 2], snoozed: {} } }))
  const state = new StateFile(dir, NOW)
  expect(state.problem).toContain('its contents do not match what Keyward expects')
  expect((await readdir(dir)).some((f) => f.startsWith('config.corrupt-'))).toBe(true)
})

test('an idle group must name one last use per token', async () => {
  const bad = { ...initialState(), reminders: { fired: [{ profileId: 'prf_1', rule: 'stale/90', tokenIds: ['a', 'b'], lastUsedMs: [1] }], snoozed: {} } }
  await writeFile(join(dir, 'config.json'), JSON.stringify(bad))
  expect(new StateFile(dir, NOW).problem).toContain('its contents do not match what Keyward expects')
})

test('a corrupt file is kept as a backup and reported, never silently replaced', async () => {
  await writeFile(join(dir, 'config.json'), '{"schemaVersion": 2, "profiles": [tru')
  const state = new StateFile(dir, NOW)
  expect(state.problem).toMatch(/could not be read \(it is not valid JSON\)\. It was kept as .*config\.corrupt-2026-01-01T00-00-00-000Z\.json/)
  const files = await readdir(dir)
  expect(files).toContain('config.corrupt-2026-01-01T00-00-00-000Z.json')
  expect(await readFile(join(dir, 'config.corrupt-2026-01-01T00-00-00-000Z.json'), 'utf8')).toBe('{"schemaVersion": 2, "profiles": [tru')
  expect(state.profiles).toEqual([])
})

test('valid JSON with the wrong shape is also kept and reported', async () => {
  await writeFile(join(dir, 'config.json'), JSON.stringify({ schemaVersion: 2, profiles: 'nope' }))
  const state = new StateFile(dir, NOW)
  expect(state.problem).toContain('its contents do not match what Keyward expects')
})

test('a file from a newer Keyward is not overwritten', async () => {
  await writeFile(join(dir, 'config.json'), JSON.stringify({ schemaVersion: 99 }))
  const state = new StateFile(dir, NOW)
  expect(state.problem).toContain('newer Keyward')
  expect((await readdir(dir)).some((f) => f.startsWith('config.corrupt-'))).toBe(true)
})

test('migrate refuses unknown versions', () => {
  expect(() => migrate({ schemaVersion: 0 }, NOW.getTime())).toThrow('no migration from version 0')
})

test('an update is on disk before it returns, and a failed write leaves the state as it was', async () => {
  const state = new StateFile(dir, NOW)
  state.update((s) => ({ ...s, settings: { ...s.settings, closeToTray: false } }))
  expect((JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { settings: { closeToTray: boolean } }).settings.closeToTray).toBe(false)
  await rm(dir, { recursive: true, force: true })
  await writeFile(dir, 'a file where the directory was')
  expect(() => state.update((s) => ({ ...s, settings: { ...s.settings, closeToTray: true } }))).toThrow()
  expect(state.settings.closeToTray).toBe(false)
  await rm(dir, { force: true })
})

test('settings and the token cache are separate files; a file written by electron-store in earlier versions is read as is', async () => {
  const written = { ...initialState(), settings: { ...DEFAULT_SETTINGS, clipboardClearSeconds: 45 }, __internal__: { migrations: { version: '0.1.0' } } }
  await writeFile(join(dir, 'config.json'), JSON.stringify(written, undefined, '\t'))
  const state = new StateFile(dir, NOW)
  expect(state.problem).toBeNull()
  expect(state.settings.clipboardClearSeconds).toBe(45)
  expect(existsSync(join(dir, 'token-cache.json'))).toBe(false)
  const cache = new TokenCache(dir, NOW)
  cache.set('prf_1', { fetchedAt: NOW.toISOString(), tokens: [] })
  cache.flush()
  expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).settings.clipboardClearSeconds).toBe(45)
  expect(Object.keys(JSON.parse(await readFile(join(dir, 'token-cache.json'), 'utf8')) as object)).toEqual(['prf_1'])
  expect(new StateFile(dir, NOW).settings.clipboardClearSeconds).toBe(45)
})

test('the settings file is read once, at start: changes are written, never read back', async () => {
  new StateFile(dir, NOW).update((s) => ({ ...s, settings: { ...s.settings, closeToTray: false } }))
  const path = join(dir, 'config.json')
  const reads = vi.spyOn(fs, 'readFileSync')
  try {
    const state = new StateFile(dir, NOW)
    state.update((s) => ({ ...s, settings: { ...s.settings, clipboardClearSeconds: 60 } }))
    state.update((s) => ({ ...s, settings: { ...s.settings, launchAtLogin: true } }))
    expect(reads.mock.calls.filter(([p]) => p === path)).toHaveLength(1)
  } finally {
    reads.mockRestore()
  }
  expect(new StateFile(dir, NOW).settings).toMatchObject({ closeToTray: false, clipboardClearSeconds: 60, launchAtLogin: true })
})
