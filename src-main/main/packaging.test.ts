import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
// electron-builder's own matcher for `files`, so the test reads the patterns as packaging does.
import { FileMatcher } from 'app-builder-lib/out/fileMatcher'

const ROOT = resolve(import.meta.dirname, '../..')
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as {
  files: string[]
  electronFuses: Record<string, boolean>
  linux: { target: string[] }
  mac: { target: string }
  win: { target: string }
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile())
}

/** Every file in the repository plus the build output, and what a build could add (source maps, tests). */
function candidates(): string[] {
  const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean)
  const built = walk(join(ROOT, 'out')).map((f) => relative(ROOT, f))
  const possible = ['out/main/index.js', 'out/main/index.js.map', 'out/preload/index.cjs.map', 'out/renderer/assets/index.js.map', 'out/main/vault.test.js', 'out/renderer/e2e/app.js']
  return [...new Set([...tracked, ...built, ...possible])]
}

describe('packaging (electron-builder.yml)', () => {
  it('sets the Electron fuses: no Node modes or inspector, app code only from a verified asar, encrypted cookies', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    })
  })

  it('builds AppImage and deb on Linux, dmg on macOS, nsis on Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toBe('dmg')
    expect(config.win.target).toBe('nsis')
  })

  it('packs the built app and its resources, and no test, e2e, source or source-map file', () => {
    const filter = new FileMatcher(ROOT, ROOT, (p) => p, config.files).createFilter()
    const file = { isDirectory: () => false } as Stats
    const packed = candidates().filter((f) => filter(join(ROOT, f), file))
    for (const needed of ['out/main/index.js', 'resources/tray.png', 'resources/tray@2x.png', 'resources/icon.png']) expect(packed).toContain(needed)
    expect(packed.filter((f) => /\.map$/.test(f))).toEqual([])
    expect(packed.filter((f) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(f))).toEqual([])
    expect(packed.filter((f) => /(^|\/)(e2e|src-main|src-renderer|scripts|docs|\.ci)\//.test(f))).toEqual([])
    expect(packed.filter((f) => !/^(out|resources)\//.test(f))).toEqual([])
  })
})
