/** `npm start`'s script as a user runs it: real install-electron, real build, no Electron download possible. */
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
let dir = ''

function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'scripts/start.mjs'), ...args], { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    )
  })
}

/** No display, no download: a mirror nothing listens on fails at once, the same way as offline. */
function offline(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/' }
  delete env.DISPLAY
  delete env.WAYLAND_DISPLAY
  delete env.ELECTRON_OVERRIDE_DIST_PATH
  return { ...env, ...extra }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-start-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('npm start', () => {
  it('where Electron cannot be downloaded: says what failed and the ways out, then falls back to the preview; no stack trace', async () => {
    const { code, out } = await start([], offline())
    expect(out).toContain('Getting the Electron 45.5.0 binary (install-electron, from http://127.0.0.1:9/)')
    expect(out).toMatch(/^Keyward could not start Electron: downloading the Electron 45\.5\.0 binary failed \(.+\)\.$/m)
    for (const wayOut of ['ELECTRON_MIRROR=', 'ELECTRON_OVERRIDE_DIST_PATH=', 'npm run preview']) expect(out).toContain(wayOut)
    expect(out.split('\n').filter((l) => /preview/i.test(l) && /instead/.test(l))).toHaveLength(1)
    // The preview then needs a display, and says so (this test has none).
    expect(out).toContain('this session has no display')
    expect(code).toBe(1)
    expect(out).not.toMatch(/^\s+at /m)
  }, 150_000)

  it('with ELECTRON_OVERRIDE_DIST_PATH: builds and starts that Electron on the app', async () => {
    const fake = join(dir, process.platform === 'win32' ? 'electron.exe' : 'electron')
    await writeFile(fake, '#!/bin/sh\necho "electron ran with: $*"\n')
    await chmod(fake, 0o755)
    const { code, out } = await start([], offline({ ELECTRON_OVERRIDE_DIST_PATH: dir }))
    expect(out).not.toContain('could not start Electron')
    expect(out).toContain('electron ran with: .')
    expect(code).toBe(0)
  }, 150_000)

  it('npm run dev stops after the message (no preview fallback for the dev server)', async () => {
    const { code, out } = await start(['dev'], offline({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'missing') }))
    expect(out).toContain(`Keyward could not start Electron: ELECTRON_OVERRIDE_DIST_PATH is set, but ${join(dir, 'missing', 'electron')} does not exist.`)
    expect(out).toContain('ELECTRON_MIRROR=https://<mirror>/electron/ npm run dev')
    expect(out).not.toContain('Starting the Keyward preview')
    expect(code).toBe(1)
  })
})
