import { afterEach, beforeEach, expect, test } from 'vitest'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiKey } from '../../shared/models'
import { TokenCache } from './token-cache'

let dir: string
const NOW = new Date(Date.UTC(2026, 0, 1))
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-cache-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const key: ApiKey = {
  id: 'key_1',
  name: 'CI',
  prefix: 'sk_test_',
  hint: 'abcd',
  scopes: ['dns:read'],
  createdAt: '2025-12-01T00:00:00.000Z',
  lastUsed: null,
  expiresAt: '2026-02-01T00:00:00.000Z',
  revokedAt: null,
  status: 'active',
  allowedIps: [],
}

test('the token cache persists per profile', () => {
  const cache = new TokenCache(dir, NOW)
  cache.set('prf_1', { fetchedAt: '2026-01-01T00:00:00.000Z', tokens: [] })
  cache.flush()
  expect(new TokenCache(dir, NOW).get('prf_1')?.fetchedAt).toBe('2026-01-01T00:00:00.000Z')
})

test('the file is written for the user alone', async () => {
  const cache = new TokenCache(dir, NOW)
  cache.set('prf_1', { fetchedAt: '2026-01-01T00:00:00.000Z', tokens: [key] })
  cache.flush()
  expect((await stat(join(dir, 'token-cache.json'))).mode & 0o777).toBe(0o600)
})

test('a list with a malformed token is set aside in a backup and reported; the other lists stay', async () => {
  const bad = { fetchedAt: '2026-01-01T00:00:00.000Z', tokens: [key, { ...key, id: 'key_2', createdAt: 42 }] }
  await writeFile(join(dir, 'token-cache.json'), JSON.stringify({ prf_good: { fetchedAt: '2026-01-01T00:00:00.000Z', tokens: [key] }, prf_bad: bad }))
  const cache = new TokenCache(dir, NOW)
  expect(cache.get('prf_good')?.tokens).toEqual([key])
  expect(cache.get('prf_bad')).toBeUndefined()
  expect(cache.problem).toContain('1 cached token list(s) could not be read (profiles prf_bad) and were kept as')
  const backup = join(dir, 'token-cache.corrupt-2026-01-01T00-00-00-000Z.json')
  expect(JSON.parse(await readFile(backup, 'utf8'))).toEqual({ prf_bad: bad })
  // Reported once: the file now holds what validates.
  expect(new TokenCache(dir, new Date(NOW.getTime() + 1000)).problem).toBeNull()
  expect((await readdir(dir)).filter((f) => f.startsWith('token-cache.corrupt-'))).toHaveLength(1)
})

test('a cache file that is not JSON is kept as a backup and reported', async () => {
  await writeFile(join(dir, 'token-cache.json'), '{ nope')
  const cache = new TokenCache(dir, NOW)
  expect(cache.problem).toMatch(/^The token cache .*token-cache\.json could not be read \(it is not valid JSON\)\. It was kept as /)
  expect(cache.get('prf_1')).toBeUndefined()
})

test('each write holds every list as last set, the unchanged ones included', () => {
  const cache = new TokenCache(dir, NOW)
  const one = { fetchedAt: '2026-01-01T00:00:00.000Z', tokens: [key] }
  const two = { fetchedAt: '2026-01-01T00:00:01.000Z', tokens: [{ ...key, id: 'key_2', name: 'Deploy "prod"' }] }
  cache.set('prf_1', one)
  cache.set('prf_2', two)
  cache.flush()
  const changed = { fetchedAt: '2026-01-01T00:05:00.000Z', tokens: [{ ...key, lastUsed: '2026-01-01T00:04:00.000Z' }] }
  cache.set('prf_1', changed)
  cache.flush()
  cache.delete('prf_2')
  cache.set('prf_3', two)
  cache.flush()
  const reread = new TokenCache(dir, NOW)
  expect(reread.problem).toBeNull()
  expect(reread.get('prf_1')).toEqual(changed)
  expect(reread.get('prf_2')).toBeUndefined()
  expect(reread.get('prf_3')).toEqual(two)
})

test('lists set without a flush are written in the background, in order, the last one winning, with no temporary file left', async () => {
  const cache = new TokenCache(dir, NOW)
  for (let i = 0; i < 5; i++) {
    cache.set('prf_1', { fetchedAt: `2026-01-01T00:00:0${i}.000Z`, tokens: [key] })
    // Each set after the previous write started: the writes overlap unless they are kept in order.
    await new Promise((resolve) => setImmediate(resolve))
  }
  cache.set('prf_2', { fetchedAt: '2026-01-01T00:01:00.000Z', tokens: [] })
  await new Promise((resolve) => setImmediate(resolve))
  await cache.idle()
  const reread = new TokenCache(dir, NOW)
  expect(reread.get('prf_1')?.fetchedAt).toBe('2026-01-01T00:00:04.000Z')
  expect(reread.get('prf_2')?.fetchedAt).toBe('2026-01-01T00:01:00.000Z')
  expect((await stat(join(dir, 'token-cache.json'))).mode & 0o777).toBe(0o600)
  expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
})

test('after close (core shutdown), pending lists are written and a list answered later is not: the data folder may be gone', async () => {
  const cache = new TokenCache(dir, NOW)
  cache.set('prf_1', { fetchedAt: '2026-01-01T00:00:00.000Z', tokens: [key] })
  await cache.close()
  expect(new TokenCache(dir, NOW).get('prf_1')?.tokens).toEqual([key])
  await rm(dir, { recursive: true, force: true })
  cache.set('prf_2', { fetchedAt: '2026-01-02T00:00:00.000Z', tokens: [] })
  await new Promise((resolve) => setImmediate(resolve))
  await cache.idle()
  cache.flush()
  expect(cache.get('prf_2')?.fetchedAt).toBe('2026-01-02T00:00:00.000Z')
  await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' })
})
