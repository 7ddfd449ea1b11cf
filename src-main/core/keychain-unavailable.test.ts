/** The real keytar with no reachable Secret Service at all (broken D-Bus address, in a child). */
import { expect, test } from 'vitest'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

test('no keychain: told what to do, the sandbox is not set up, a profile is not half-saved', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'testing/no-keychain-child.ts')], {
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/keyward-bus' },
    timeout: 60_000,
  })
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}')
  expect(r.info.ok).toBe(true)
  expect(r.info.value.keychain.available).toBe(false)
  expect(r.info.value.keychain.message).toContain('The system keychain is unavailable or locked. Unlock it')
  expect(r.info.value.sandbox).toEqual({ running: false, url: null })
  // A sandbox that could not start is its own problem, not a settings one.
  expect(r.info.value.sandboxProblem).toContain('The built-in sandbox could not start')
  expect(r.info.value.settingsProblem).toBeNull()
  expect(r.profiles).toEqual({ ok: true, value: [] })
  expect(r.add).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } })
  expect(r.savedProfiles).toBe(0)
}, 90_000)
