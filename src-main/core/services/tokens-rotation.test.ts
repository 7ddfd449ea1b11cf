/**
 * Rotation rules of issue 11 through core's dispatch, against the real Token API server on loopback
 * and the real keychain (private D-Bus session, .ci/with-keyring.sh).
 */
import { describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { startTokenApi } from '../../token-api/server'
import type { RunningSandbox, SandboxStarter } from '../sandbox-server'
import { LockableKeytar } from '../testing/lockable-keytar'
import { useHarnesses } from '../testing/sandboxed'

const { sandboxed } = useHarnesses()

/** A sandbox whose request log (method, route, status; never a secret) the test can read. */
function loggedSandbox(): { startSandbox: SandboxStarter; requests: string[] } {
  const requests: string[] = []
  const startSandbox: SandboxStarter = async (o) => (await startTokenApi({ ...o, log: (line) => requests.push(line) })) as RunningSandbox
  return { startSandbox, requests }
}

describe('one operation at a time per token', () => {
  test('a double click on rotate makes one rotation; the second click is told the token was just rotated', async () => {
    const { startSandbox, requests } = loggedSandbox()
    const { h, dev } = await sandboxed({ startSandbox })
    const created = await h.ok('tokens:create', { profileId: dev.id, name: 'double click', scopes: ['dns:read'], expiresAt: null })
    const rotate = { profileId: dev.id, tokenId: created.token.id, gracePeriodSeconds: 0 }
    const [first, second] = await Promise.all([h.call('tokens:rotate', rotate), h.call('tokens:rotate', rotate)])
    expect(first.ok).toBe(true)
    const successor = first.ok ? first.value.token.id : ''
    expect(second).toEqual({
      ok: false,
      error: {
        code: 'KEY_ALREADY_ROTATED',
        successorId: successor,
        message: `This token was just rotated: its replacement is ${successor}. It was not rotated a second time; rotate the replacement if you need another.`,
      },
    })
    expect(requests.filter((r) => r.startsWith('POST /v1/api-keys/:id/rotate'))).toHaveLength(1)
    const live = (await h.ok('tokens:list', { profileId: dev.id })).tokens.filter((t) => t.name === 'double click' && t.status === 'active')
    expect(live.map((t) => t.id)).toEqual([successor])
  })

  test('rotate and revoke of one token run one after the other', async () => {
    const { startSandbox, requests } = loggedSandbox()
    const { h, dev } = await sandboxed({ startSandbox })
    const created = await h.ok('tokens:create', { profileId: dev.id, name: 'rotate then revoke', scopes: ['dns:read'], expiresAt: null })
    const before = requests.length
    const [rotated, revoked] = await Promise.all([
      h.call('tokens:rotate', { profileId: dev.id, tokenId: created.token.id, gracePeriodSeconds: 3600 }),
      h.call('tokens:revoke', { profileId: dev.id, tokenId: created.token.id }),
    ])
    expect(rotated.ok && revoked.ok).toBe(true)
    const calls = requests.slice(before).map((r) => r.split(' ').slice(0, 2).join(' '))
    // The revoke's own look-up comes only after the rotation has finished.
    expect(calls.indexOf('DELETE /v1/api-keys/:id')).toBeGreaterThan(calls.indexOf('POST /v1/api-keys/:id/rotate'))
    expect(calls.lastIndexOf('GET /v1/me')).toBeLessThan(calls.indexOf('DELETE /v1/api-keys/:id'))
  })
})

const DAY = 86_400_000
const daysFromNow = (iso: string | null) => (iso === null ? null : Math.round((Date.parse(iso) - Date.now()) / DAY))

describe('rotation never drops an expiry', () => {
  test('left out, the replacement lives as long as the old token did; a chosen expiry or none is kept', async () => {
    const { h, dev } = await sandboxed()
    const in30 = new Date(Date.now() + 30 * DAY).toISOString()
    const make = (name: string) => h.ok('tokens:create', { profileId: dev.id, name, scopes: ['dns:read'], expiresAt: in30 })
    const byDefault = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: (await make('keeps life')).token.id, gracePeriodSeconds: 0 })
    expect(daysFromNow(byDefault.token.expiresAt)).toBe(30)
    const in7 = new Date(Date.now() + 7 * DAY).toISOString()
    const chosen = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: (await make('seven days')).token.id, gracePeriodSeconds: 0, expiresAt: in7 })
    expect(chosen.token.expiresAt).toBe(new Date(in7).toISOString())
    const none = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: (await make('no expiry')).token.id, gracePeriodSeconds: 0, expiresAt: null })
    expect(none.token.expiresAt).toBeNull()
  })

  test('with a credential that expires, the default stops at its expiry and "none" is refused in words', async () => {
    const { h, dev, server } = await sandboxed()
    const end = new Date(Date.now() + 10 * DAY).toISOString()
    const [cred] = await server().bulkInsertKeys(dev.organization?.id ?? '', [
      { name: 'expiring admin', scopes: ['api_keys:read', 'api_keys:write', 'dns:read'], expiresAt: end },
    ])
    const profile = await h.ok('profiles:add', { name: 'Expiring credential', environment: 'dev', baseUrl: dev.baseUrl, credential: cred?.secret ?? '' })
    const created = await h.call('tokens:create', { profileId: profile.id, name: 'long lived', scopes: ['dns:read'], expiresAt: new Date(Date.now() + 90 * DAY).toISOString() })
    expect(created).toMatchObject({ ok: false, error: { code: 'EXPIRY_BEYOND_CALLER', message: expect.stringContaining(`at or before ${end}`) } })
    const [forever] = await server().bulkInsertKeys(dev.organization?.id ?? '', [{ name: 'forever', scopes: ['dns:read'] }])
    const refused = await h.call('tokens:rotate', { profileId: profile.id, tokenId: forever?.id ?? '', gracePeriodSeconds: 3600, expiresAt: null })
    expect(refused).toMatchObject({ ok: false, error: { code: 'EXPIRY_BEYOND_CALLER', latestExpiresAt: end } })
    const rotated = await h.ok('tokens:rotate', { profileId: profile.id, tokenId: forever?.id ?? '', gracePeriodSeconds: 3600 })
    expect(rotated.token.expiresAt).toBe(end)
  })
})

describe('the old secret leaves the keychain when the old key ends', () => {
  test('rotation without grace: the old secret is deleted once the old key is revoked', async () => {
    const { h, dev } = await sandboxed()
    const created = await h.ok('tokens:create', { profileId: dev.id, name: 'no grace', scopes: ['dns:read'], expiresAt: null })
    expect(await keytar.getPassword(h.service, `${dev.id}/${created.token.id}`)).toBe(created.secret)
    const rotated = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: created.token.id, gracePeriodSeconds: 0 })
    expect(rotated.oldToken.status).toBe('revoked')
    expect(rotated.oldToken.health.stored).toBe(false)
    expect(await keytar.getPassword(h.service, `${dev.id}/${created.token.id}`)).toBeNull()
    expect(await keytar.getPassword(h.service, `${dev.id}/${rotated.token.id}`)).toBe(rotated.secret)
  })

  test('a grace period that ended while the app was closed: the old secret is gone at the next start', async () => {
    const { h, dev, startSandbox } = await sandboxed()
    const created = await h.ok('tokens:create', { profileId: dev.id, name: 'short grace', scopes: ['dns:read'], expiresAt: null })
    const rotated = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: created.token.id, gracePeriodSeconds: 1 })
    // During the grace period the old secret stays: services may still use it.
    expect(await keytar.getPassword(h.service, `${dev.id}/${created.token.id}`)).toBe(created.secret)
    expect((await h.ok('tokens:list', { profileId: dev.id })).tokens.find((t) => t.id === created.token.id)?.health.stored).toBe(true)
    await h.core.shutdown()
    await new Promise((r) => setTimeout(r, 1200))
    await h.restart({ startSandbox })
    const list = await h.ok('tokens:list', { profileId: dev.id })
    const old = list.tokens.find((t) => t.id === created.token.id)
    expect(old?.status).toBe('expired')
    expect(old?.health.stored).toBe(false)
    expect(await keytar.getPassword(h.service, `${dev.id}/${created.token.id}`)).toBeNull()
    expect(await keytar.getPassword(h.service, `${dev.id}/${rotated.token.id}`)).toBe(rotated.secret)
    expect(h.logs.join('\n')).not.toContain(created.secret)
  })
})

describe("rotating the profile’s own credential while the keychain refuses the new secret", () => {
  test('the user is told the profile still uses the old key and by when; the API was asked for its longest grace (7 days)', async () => {
    const lockable = new LockableKeytar()
    const { h, dev } = await sandboxed({}, lockable)
    const before = await keytar.getPassword(h.service, `${dev.id}/credential`)
    const admin = (await h.ok('tokens:list', { profileId: dev.id })).tokens.find((t) => t.id === dev.credentialKeyId)
    expect(admin).toBeDefined()
    // The keyring refuses every new item of this profile, right when the new secret is stored.
    lockable.failSet = (account) => account.startsWith(`${dev.id}/`)
    const r = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: admin?.id ?? '', gracePeriodSeconds: 0 })
    lockable.failSet = null
    expect(r.stored).toBe(false)
    const ends = r.oldToken.expiresAt ?? ''
    expect(Math.round((Date.parse(ends) - Date.now()) / 3_600_000)).toBe(7 * 24)
    expect(r.storeError).toContain(`"${dev.name}" still uses the old key, which stops working at ${ends}: paste the new secret in the profile settings before then`)
    // The profile still works on its old key.
    expect(await keytar.getPassword(h.service, `${dev.id}/credential`)).toBe(before)
    const list = await h.ok('tokens:list', { profileId: dev.id })
    expect(list.stale).toBe(false)
    expect(list.tokens.find((t) => t.id === admin?.id)?.status).toBe('active')
  })
})
