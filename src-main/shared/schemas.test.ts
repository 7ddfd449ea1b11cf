import { expect, test } from 'vitest'
import { DEFAULT_SETTINGS } from './models'
import { apiKeySchema, settingsPatchSchema, settingsSchema } from './schemas'

test('the defaults are valid settings, and any settings are a valid patch', () => {
  expect(settingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS)
  expect(settingsPatchSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS)
})

test('the patch is derived from the settings: the same bounds, every field optional, unknown fields refused', () => {
  expect(settingsPatchSchema.safeParse({ reminders: { staleDays: 10 } }).success).toBe(true)
  expect(settingsPatchSchema.safeParse({ reminders: { rules: { stale: false } } }).success).toBe(true)
  expect(settingsPatchSchema.safeParse({ clipboardClearSeconds: 5 }).success).toBe(false)
  expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, clipboardClearSeconds: 5 }).success).toBe(false)
  expect(settingsPatchSchema.safeParse({ reminders: { leadTimesDays: [1, 2, 3, 4, 5, 6] } }).success).toBe(false)
  expect(settingsPatchSchema.safeParse({ theme: 'dark' }).success).toBe(false)
})

test('a token read back must be a real ApiKey: dates are ISO times, status one of three', () => {
  const key = {
    id: 'key_1',
    name: 'CI',
    prefix: 'sk_test_',
    hint: 'abcd',
    scopes: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    lastUsed: null,
    expiresAt: '2026-02-01T00:00:00Z',
    revokedAt: null,
    status: 'active',
    allowedIps: [],
  }
  expect(apiKeySchema.safeParse(key).success).toBe(true)
  expect(apiKeySchema.safeParse({ ...key, createdAt: 'yesterday' }).success).toBe(false)
  expect(apiKeySchema.safeParse({ ...key, status: 'paused' }).success).toBe(false)
  expect(apiKeySchema.safeParse({ ...key, createdAt: undefined }).success).toBe(false)
})
