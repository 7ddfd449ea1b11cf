import { afterEach, describe, expect, test } from 'vitest'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readKeywardData } from './read-only-data'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})
async function dataDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-ro-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

describe('reading the app data without writing it', () => {
  test('a corrupt settings file is reported and left exactly where it is (the app would back it up)', async () => {
    const dir = await dataDir({ 'config.json': '{"profiles": [' })
    await expect(readKeywardData(dir)).rejects.toMatchObject({ code: 'SETTINGS_CORRUPT', message: expect.stringContaining('it is not valid JSON') })
    expect(await readdir(dir)).toEqual(['config.json'])
    expect(await readFile(join(dir, 'config.json'), 'utf8')).toBe('{"profiles": [')
  })

  test('no data directory, no list yet, and a malformed cached token', async () => {
    await expect(readKeywardData(join(tmpdir(), 'keyward-no-such-dir'))).rejects.toMatchObject({ message: expect.stringMatching(/^No Keyward data in /) })
    const dir = await dataDir({
      'config.json': JSON.stringify({ schemaVersion: 2, profiles: [{ id: 'prf_1', name: 'P', environment: 'dev' }, { id: 'prf_2', name: 'Q', environment: 'prod' }] }),
      'token-cache.json': JSON.stringify({ prf_2: { fetchedAt: '2026-01-01T00:00:00Z', tokens: [{ id: 'key_1', name: 'T' }] } }),
    })
    const data = await readKeywardData(dir)
    expect(data.profiles.map((p) => p.name)).toEqual(['P', 'Q'])
    expect(await data.tokens('prf_1')).toEqual({ fetchedAt: null, tokens: [] })
    await expect(data.tokens('prf_2')).rejects.toMatchObject({ code: 'SETTINGS_CORRUPT' })
  })
})
