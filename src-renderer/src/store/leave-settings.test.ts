import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, type Settings } from '@shared/models'
import { createStore } from './index'
import { selectSettingsDirty } from './slices/settings'

const g = globalThis as { window?: unknown }
let saved: unknown[] = []

/** A store on the Settings page with the saved settings loaded, window.keyward answering settings calls. */
async function onSettings() {
  const store = createStore()
  store.setState({ selectedProfileId: 'prf_dev', profiles: [] })
  store.getState().showSettings()
  await store.getState().loadSettings()
  return store
}

describe('leaving Settings with unsaved changes', () => {
  beforeEach(() => {
    saved = []
    let current: Settings = DEFAULT_SETTINGS
    g.window = {
      keyward: {
        settingsGet: async () => ({ ok: true, value: current }),
        settingsUpdate: async (patch: Partial<Settings>) => {
          saved.push(patch)
          current = { ...current, ...patch, reminders: { ...current.reminders, ...patch.reminders } }
          return { ok: true, value: current }
        },
        profilesAdd: async (req: { name: string; environment: string; provider: string }) => ({
          ok: true,
          value: { id: 'prf_new', name: req.name, environment: req.environment, provider: req.provider, baseUrl: null, warnings: [], credentialKeyId: null },
        }),
        tokensList: async ({ profileId }: { profileId: string }) => ({ ok: true, value: { profileId, tokens: [], attention: 0, stale: false, fetchedAt: '2026-01-01T00:00:00.000Z', staleReason: null, keychainProblem: null } }),
      },
    }
  })
  afterEach(() => {
    delete g.window
  })

  it('leaves at once when nothing changed', async () => {
    const store = await onSettings()
    store.getState().showProfile('prf_staging')
    expect(store.getState()).toMatchObject({ view: 'tokens', selectedProfileId: 'prf_staging', dialog: null, settingsDraft: null })
  })

  it('asks on every way out, and Keep editing stays with the edit', async () => {
    const store = await onSettings()
    const s = () => store.getState()
    s().editSettings({ clipboardSeconds: '45' })
    expect(selectSettingsDirty(s())).toBe(true)
    for (const leave of [
      () => s().showProfile('prf_staging'),
      () => s().openToken('prf_prod', 'key_1'),
      () => s().followNotification({ profileId: 'prf_prod', tokenId: null }),
      () => s().leaveSettings(),
    ]) {
      leave()
      expect(s().view).toBe('settings')
      expect(s().dialog?.kind).toBe('leave-settings')
      await s().resolveLeaveSettings('keep')
      expect(s()).toMatchObject({ view: 'settings', dialog: null, selectedProfileId: 'prf_dev' })
      expect(s().settingsDraft?.clipboardSeconds).toBe('45')
    }
  })

  it('Discard drops the edit and goes where the user was going', async () => {
    const store = await onSettings()
    const s = () => store.getState()
    s().editSettings({ clipboardSeconds: '45' })
    s().openToken('prf_prod', 'key_1')
    await s().resolveLeaveSettings('discard')
    expect(s()).toMatchObject({ view: 'tokens', selectedProfileId: 'prf_prod', selectedTokenId: 'key_1', dialog: null, settingsDraft: null })
    expect(saved).toEqual([])
    s().showSettings()
    await s().loadSettings()
    expect(s().settingsDraft?.clipboardSeconds).toBe('30')
  })

  it('Save saves, then goes; a wrong field keeps the question open and saves nothing', async () => {
    const store = await onSettings()
    const s = () => store.getState()
    s().editSettings({ clipboardSeconds: '5' })
    s().showProfile('prf_staging')
    await s().resolveLeaveSettings('save')
    expect(s()).toMatchObject({ view: 'settings', dialog: { kind: 'leave-settings' }, settingsProblemsShown: true })
    expect(saved).toEqual([])

    await s().resolveLeaveSettings('keep')
    s().editSettings({ clipboardSeconds: '45' })
    s().showProfile('prf_staging')
    await s().resolveLeaveSettings('save')
    expect(saved).toMatchObject([{ clipboardClearSeconds: 45 }])
    expect(s()).toMatchObject({ view: 'tokens', selectedProfileId: 'prf_staging', dialog: null, settingsDraft: null })
    expect(s().settings?.clipboardClearSeconds).toBe(45)
  })

  it('a profile added from Settings is shown when nothing changed; with unsaved changes Settings stays and they are kept', async () => {
    const store = await onSettings()
    const s = () => store.getState()
    await s().addProfile({ name: 'Vendors', environment: 'dev', provider: 'any-secret' })
    expect(s()).toMatchObject({ view: 'tokens', selectedProfileId: 'prf_new', dialog: null })

    s().showSettings()
    await s().loadSettings()
    s().editSettings({ clipboardSeconds: '45' })
    await s().addProfile({ name: 'More vendors', environment: 'dev', provider: 'any-secret' })
    expect(s().view).toBe('settings')
    expect(selectSettingsDirty(s())).toBe(true)
    expect(saved).toEqual([])
  })
})
