/** The app's status as the banners read it: settings and sandbox problems, each under its own name. */
import { expect, test } from 'vitest'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createHarness } from '../testing/harness'
import { useHarnesses } from '../testing/sandboxed'

const { track } = useHarnesses()

test('a sandbox that could not start is reported as a sandbox problem, not a settings problem', async () => {
  const h = await createHarness({
    startSandbox: async () => {
      throw new Error('listen EACCES: permission denied 127.0.0.1')
    },
  })
  track(h)
  const info = await h.ok('app:info')
  expect(info.sandbox.running).toBe(false)
  expect(info.sandboxProblem).toBe('The built-in sandbox could not start: listen EACCES: permission denied 127.0.0.1')
  expect(info.settingsProblem).toBeNull()
})

test('a corrupt settings file is reported in app:info and kept as a backup', async () => {
  const h = await createHarness({ builtInSandbox: false })
  track(h)
  await h.core.shutdown()
  await writeFile(join(h.dir, 'config.json'), '{ not json')
  await h.restart({ builtInSandbox: false })
  const info = await h.ok('app:info')
  expect(info.settingsProblem).toContain('kept as')
  expect((await readdir(h.dir)).some((f) => f.startsWith('config.corrupt-'))).toBe(true)
})
