/**
 * The built-in sandbox service against the real Token API server and the real keychain: first run,
 * restart and port moves, turning it off and on, removal, and a corrupt settings file.
 */
import { describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { createServer } from 'node:net'
import { existsSync } from 'node:fs'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { request } from 'undici'
import { useHarnesses } from '../testing/sandboxed'

const { sandboxed } = useHarnesses()

describe('first run', () => {
  test('starts the sandbox and creates three profiles with their credentials in the keychain', async () => {
    const { h, dev } = await sandboxed()
    const profiles = await h.ok('profiles:list')
    expect(profiles.map((p) => [p.name, p.environment, p.sandbox, p.credentialStored, p.warnings])).toEqual([
      ['Sandbox dev', 'dev', true, true, []],
      ['Sandbox staging', 'staging', true, true, []],
      ['Sandbox prod', 'prod', true, true, []],
    ])
    expect(await keytar.getPassword(h.service, `${dev.id}/credential`)).toMatch(/^sk_test_/)
    const info = await h.ok('app:info')
    expect(info.sandbox).toEqual({ running: true, url: dev.baseUrl })
    expect(info.keychain).toEqual({ available: true, message: null })
    // The settings file never holds a secret.
    const files = await readdir(h.dir)
    for (const f of files.filter((x) => x.endsWith('.json'))) {
      const text = await import('node:fs/promises').then((fs) => fs.readFile(join(h.dir, f), 'utf8'))
      expect(text).not.toMatch(/sk_(test|live)_[0-9A-Za-z]{42}/)
    }
  })

  test('the sample tokens come with their warnings', async () => {
    const { h, dev } = await sandboxed()
    const list = await h.ok('tokens:list', { profileId: dev.id })
    expect(list.stale).toBe(false)
    const reasons = new Set(list.tokens.flatMap((t) => t.health.reasons))
    for (const r of ['revoked', 'expired', 'expiring', 'rotation-due', 'stale', 'never-used']) expect(reasons).toContain(r)
    expect((await h.ok('profiles:list'))[0]?.attention).toBeGreaterThan(0)
    // The list carries its attention count, the same one the sidebar shows.
    expect(list.attention).toBe(list.tokens.filter((t) => t.health.needsAttention).length)
    expect(list.attention).toBe((await h.ok('profiles:list'))[0]?.attention)
  })

  test('first run stores one sample token’s secret, so Copy can be tried; the welcome offers it until dismissed, also after a restart', async () => {
    const { h, dev, staging, startSandbox } = await sandboxed()
    const info = await h.ok('app:info')
    expect(info.welcome?.sample).toMatchObject({ profileId: dev.id, name: 'Sample token' })
    const sample = info.welcome!.sample!
    const list = await h.ok('tokens:list', { profileId: dev.id })
    expect(list.tokens.filter((t) => t.health.stored).map((t) => [t.name, t.status, t.expiresAt])).toEqual([['Sample token', 'active', null]])
    expect((await h.ok('tokens:list', { profileId: staging.id })).tokens.filter((t) => t.health.stored)).toEqual([])
    // It is a working key of the sandbox, and Copy puts exactly it on the clipboard.
    await h.ok('tokens:copy', { profileId: dev.id, tokenId: sample.tokenId })
    const secret = await h.clipboard.readText()
    expect(secret).toBe(await keytar.getPassword(h.service, `${dev.id}/${sample.tokenId}`))
    const me = await request(`${dev.baseUrl}/v1/me`, { headers: { authorization: `Bearer ${secret}` } })
    expect(me.statusCode).toBe(200)
    await me.body.dump()
    // A sample, like the seeded tokens: it never notifies.
    expect(await h.ok('reminders:check')).toEqual([])

    expect(await h.ok('app:dismiss-welcome')).toBeNull()
    expect((await h.ok('app:info')).welcome).toBeNull()
    await h.core.shutdown()
    await h.restart({ startSandbox })
    expect((await h.ok('app:info')).welcome).toBeNull()
  })

  test('no welcome without the sandbox’s profiles', async () => {
    const { h } = await sandboxed()
    await h.ok('sandbox:remove')
    expect((await h.ok('app:info')).welcome).toBeNull()
  })

  test('a restart reuses the sandbox and its port; a busy port moves the profiles to a new one', async () => {
    const { h, dev, startSandbox } = await sandboxed()
    await h.core.shutdown()
    await h.restart({ startSandbox })
    let profiles = await h.ok('profiles:list')
    expect(profiles).toHaveLength(3)
    expect(profiles[0]?.baseUrl).toBe(dev.baseUrl)
    await h.core.shutdown()
    // Occupy the old port.
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(Number(new URL(dev.baseUrl).port), '127.0.0.1', r))
    try {
      await h.restart({ startSandbox })
      profiles = await h.ok('profiles:list')
      expect(profiles[0]?.baseUrl).not.toBe(dev.baseUrl)
      expect((await h.ok('tokens:list', { profileId: profiles[0]?.id ?? '' })).stale).toBe(false)
    } finally {
      await new Promise((r) => blocker.close(r))
    }
  })

  test('turning the sandbox off stops it; turning it on again brings it back', async () => {
    const { h, dev } = await sandboxed()
    await h.ok('tokens:list', { profileId: dev.id })
    await h.ok('settings:update', { sandboxEnabled: false })
    expect((await h.ok('app:info')).sandbox.running).toBe(false)
    expect((await h.ok('tokens:list', { profileId: dev.id })).stale).toBe(true)
    await h.ok('settings:update', { sandboxEnabled: true })
    expect((await h.ok('app:info')).sandbox.running).toBe(true)
    expect((await h.ok('tokens:list', { profileId: dev.id })).stale).toBe(false)
  })

  test('sandbox:remove stops it and deletes its profiles, keychain entries and data', async () => {
    const { h, dev } = await sandboxed()
    await h.ok('sandbox:remove')
    expect(await h.ok('profiles:list')).toEqual([])
    expect(await keytar.findCredentials(h.service)).toEqual([])
    expect(existsSync(join(h.dir, 'sandbox'))).toBe(false)
    expect((await h.ok('app:info')).sandbox).toEqual({ running: false, url: null })
    await expect(request(`${dev.baseUrl}/v1/me`)).rejects.toThrow()
    // It stays removed after a restart.
    await h.core.shutdown()
    await h.restart()
    expect(await h.ok('profiles:list')).toEqual([])
  })
})

test('a corrupt settings file is not a first run: the sandbox data is kept, nothing is provisioned, until the user removes it', async () => {
  const { h, startSandbox } = await sandboxed()
  await h.core.shutdown()
  const sandboxDir = join(h.dir, 'sandbox')
  await writeFile(join(sandboxDir, 'keep-me'), 'sandbox data the backup still needs')
  await writeFile(join(h.dir, 'config.json'), '{ not json')
  for (let start = 0; start < 2; start++) {
    // The second start reads the fresh settings file the first one wrote: still not a first run.
    await h.restart({ startSandbox })
    const info = await h.ok('app:info')
    expect(existsSync(join(sandboxDir, 'keep-me'))).toBe(true)
    expect(await h.ok('profiles:list')).toEqual([])
    expect(info.sandbox.running).toBe(false)
    if (start === 0) expect(info.settingsProblem).toContain('kept as')
    expect(info.settingsProblem).toContain('remove the sandbox in Settings')
    await h.core.shutdown()
  }
  await h.restart({ startSandbox })
  await h.ok('sandbox:remove')
  expect(existsSync(sandboxDir)).toBe(false)
  await h.ok('settings:update', { sandboxEnabled: true })
  expect((await h.ok('profiles:list')).map((p) => p.name)).toEqual(['Sandbox dev', 'Sandbox staging', 'Sandbox prod'])
})
