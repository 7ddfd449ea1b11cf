/**
 * Rotation against the real server and the real keychain, including a crash injected after each
 * journal step and the recovery a new core performs on the same user-data directory.
 */
import { afterEach, describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { startTokenApi } from '../token-api/server'
import type { ProfileView } from '../shared/models'
import { createHarness, type Harness } from './testing/harness'
import { LockableKeytar } from './testing/lockable-keytar'
import type { RotationStep } from './rotation'
import type { RunningSandbox, SandboxStarter } from './sandbox-server'
import { TokenApiClient } from './api-client'
import { request } from 'undici'

const harnesses: Harness[] = []
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.dispose()
})

const startSandbox: SandboxStarter = async (o) => (await startTokenApi(o)) as RunningSandbox

async function setup(crashAt: RotationStep | null = null, keytarImpl?: LockableKeytar) {
  const h = await createHarness(
    {
      startSandbox,
      faults: {
        after(step) {
          if (step === crashAt) throw new Error(`injected crash after ${step}`)
        },
      },
    },
    keytarImpl,
  )
  harnesses.push(h)
  const dev = (await h.ok('profiles:list')).find((p) => p.environment === 'dev') as ProfileView
  const created = await h.ok('tokens:create', { profileId: dev.id, name: 'Deploy bot', scopes: ['dns:read'], expiresAt: null })
  const admin = (await keytar.getPassword(h.service, `${dev.id}/credential`)) ?? ''
  return { h, dev, old: created, api: new TokenApiClient(dev.baseUrl, admin) }
}

describe('rotation', () => {
  test('without grace: new secret stored and verified, then the old token revoked', async () => {
    const { h, dev, old, api } = await setup()
    const r = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: old.token.id, gracePeriodSeconds: 0 })
    expect(r.stored).toBe(true)
    expect(r.storeError).toBeNull()
    expect(r.warning).toBeNull()
    expect(r.token.name).toBe('Deploy bot')
    expect(await keytar.getPassword(h.service, `${dev.id}/${r.token.id}`)).toBe(r.secret)
    expect((await new TokenApiClient(dev.baseUrl, r.secret).me()).key.id).toBe(r.token.id)
    expect(r.oldToken.status).toBe('revoked')
    expect((await api.getKey(old.token.id)).status).toBe('revoked')
    expect((await h.ok('app:info')).interruptedRotations).toEqual([])
    expect(h.logs.join('\n')).not.toContain(r.secret)
  })

  test("rotating the profile’s own credential moves the profile to the new secret", async () => {
    const { h, dev } = await setup()
    const admin = (await h.ok('tokens:list', { profileId: dev.id })).tokens.find((t) => t.name === 'Admin')
    const r = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: admin?.id ?? '', gracePeriodSeconds: 0 })
    expect(r.oldToken.status).toBe('revoked')
    expect(await keytar.getPassword(h.service, `${dev.id}/credential`)).toBe(r.secret)
    const list = await h.ok('tokens:list', { profileId: dev.id })
    expect(list.stale).toBe(false)
    expect(list.tokens.find((t) => t.id === admin?.id)?.status).toBe('revoked')
  })

  test('without grace, a new key that cannot be verified from here (IP allowlist) still ends the old one, with a warning', async () => {
    const { h, dev, api } = await setup()
    const admin = (await keytar.getPassword(h.service, `${dev.id}/credential`)) ?? ''
    const res = await request(`${dev.baseUrl}/v1/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Office only', scopes: ['dns:read'], allowed_ips: ['203.0.113.0/24'] }),
    })
    const office = ((await res.body.json()) as { data: { id: string } }).data
    const r = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: office.id, gracePeriodSeconds: 0 })
    expect(r.stored).toBe(true)
    expect(await keytar.getPassword(h.service, `${dev.id}/${r.token.id}`)).toBe(r.secret)
    expect(r.warning).toContain('could not be verified from this machine')
    expect(r.warning).toContain('IP allowlist')
    expect(r.oldToken.status).toBe('revoked')
    expect((await api.getKey(office.id)).status).toBe('revoked')
  })

  test('with a grace period: the old token keeps working until then', async () => {
    const { h, dev, old } = await setup()
    const t0 = Date.now()
    const r = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: old.token.id, gracePeriodSeconds: 86_400 })
    expect(r.oldToken.status).toBe('active')
    const end = Date.parse(r.oldToken.expiresAt ?? '')
    expect(Math.abs(end - (t0 + 86_400_000))).toBeLessThan(10_000)
    expect((await new TokenApiClient(dev.baseUrl, old.secret).me()).key.id).toBe(old.token.id)
  })

  test('storing fails after the API rotated: the secret comes back with "copy it now", the old token is not revoked', async () => {
    const lockable = new LockableKeytar()
    const { h, dev, old, api } = await setup(null, lockable)
    lockable.failSet = (account) => account.startsWith(`${dev.id}/key_`)
    const r = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: old.token.id, gracePeriodSeconds: 0 })
    expect(r.stored).toBe(false)
    expect(r.storeError).toContain('NOT stored in the keychain — copy it now')
    expect((await new TokenApiClient(dev.baseUrl, r.secret).me()).key.id).toBe(r.token.id)
    const oldNow = await api.getKey(old.token.id)
    expect(oldNow.status).toBe('active')
    expect(oldNow.expiresAt).not.toBeNull()
  })

  test("the profile’s own credential cannot be re-saved: the old key is not revoked and the profile still works", async () => {
    const lockable = new LockableKeytar()
    const { h, dev } = await setup(null, lockable)
    const before = await keytar.getPassword(h.service, `${dev.id}/credential`)
    const admin = (await h.ok('tokens:list', { profileId: dev.id })).tokens.find((t) => t.name === 'Admin')
    lockable.failSet = (account) => account === `${dev.id}/credential`
    const r = await h.ok('tokens:rotate', { profileId: dev.id, tokenId: admin?.id ?? '', gracePeriodSeconds: 0 })
    lockable.failSet = null
    expect(r.stored).toBe(true)
    expect(r.warning).toContain(`could not be saved as the credential of "${dev.name}"`)
    expect(r.oldToken.status).toBe('active')
    expect(await keytar.getPassword(h.service, `${dev.id}/credential`)).toBe(before)
    expect(await keytar.getPassword(h.service, `${dev.id}/${r.token.id}`)).toBe(r.secret)
    // Not locked out: the profile's (old) credential still lists its tokens.
    expect((await h.ok('tokens:list', { profileId: dev.id })).stale).toBe(false)
  })

  test('a keychain that cannot write refuses before anything changes', async () => {
    const lockable = new LockableKeytar()
    const { h, dev, old, api } = await setup(null, lockable)
    lockable.writesLocked = true
    const r = await h.call('tokens:rotate', { profileId: dev.id, tokenId: old.token.id, gracePeriodSeconds: 0 })
    expect(r).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('Nothing was changed') } })
    expect(await api.getKey(old.token.id)).toMatchObject({ status: 'active', expiresAt: null })
  })
})

describe('a crash after each step, then recovery on the next start', () => {
  async function crashAndRestart(step: RotationStep) {
    const s = await setup(step)
    const r = await s.h.call('tokens:rotate', { profileId: s.dev.id, tokenId: s.old.token.id, gracePeriodSeconds: 0 })
    expect(r.ok).toBe(false)
    await s.h.core.shutdown()
    await s.h.restart({ startSandbox, faults: { after() {} } })
    const info = await s.h.ok('app:info')
    expect(info.interruptedRotations).toHaveLength(1)
    const entry = info.interruptedRotations[0]
    // A crash right after the API answered leaves the journal at "started": the secret goes to the
    // vault before the journal moves on, and was lost with the process. Recovery finds the new key.
    expect(entry).toMatchObject({ profileId: s.dev.id, oldTokenId: s.old.token.id, tokenName: 'Deploy bot', step: step === 'rotated' ? 'started' : step })
    // The journal is re-read from disk, so the client must reach the restarted sandbox's URL.
    const dev = (await s.h.ok('profiles:list')).find((p) => p.id === s.dev.id) as ProfileView
    const admin = (await keytar.getPassword(s.h.service, `${dev.id}/credential`)) ?? ''
    return { ...s, entry: entry as NonNullable<typeof entry>, api: new TokenApiClient(dev.baseUrl, admin), baseUrl: dev.baseUrl }
  }

  test('after "started": the API was never asked, nothing changed', async () => {
    const { h, entry, api, old } = await crashAndRestart('started')
    expect(entry.newTokenId).toBeNull()
    expect(entry.message).toContain('before the Token API rotated it. Nothing changed')
    expect(await api.getKey(old.token.id)).toMatchObject({ status: 'active', expiresAt: null })
    expect(await h.ok('rotation:dismiss', { id: entry.id })).toEqual([])
    await h.core.shutdown()
    await h.restart({ startSandbox })
    expect((await h.ok('app:info')).interruptedRotations).toEqual([])
  })

  test('after "rotated": the new secret was never stored — the user is told, the old token still works for a while', async () => {
    const { h, dev, entry, api, old } = await crashAndRestart('rotated')
    expect(entry.newTokenId).toMatch(/^key_/)
    expect(entry.message).toContain('before its secret was stored, so that secret is lost')
    expect(entry.message).toContain('keeps working until')
    expect(await keytar.getPassword(h.service, `${dev.id}/${entry.newTokenId}`)).toBeNull()
    const oldNow = await api.getKey(old.token.id)
    expect(oldNow.status).toBe('active')
    expect(Date.parse(oldNow.expiresAt ?? '')).toBeGreaterThan(Date.now())
  })

  test.each<RotationStep>(['stored', 'verified'])('after "%s": the stored secret is verified and the rotation completed', async (step) => {
    const { h, dev, entry, api, old, baseUrl } = await crashAndRestart(step)
    expect(entry.newTokenId).toMatch(/^key_/)
    expect(entry.message).toContain('has now been completed')
    expect(entry.message).toContain('the old token was revoked')
    const secret = await keytar.getPassword(h.service, `${dev.id}/${entry.newTokenId}`)
    expect(secret).not.toBeNull()
    expect((await new TokenApiClient(baseUrl, secret ?? '').me()).key.id).toBe(entry.newTokenId)
    expect((await api.getKey(old.token.id)).status).toBe('revoked')
    // And it can be copied like any stored token.
    await h.ok('tokens:copy', { profileId: dev.id, tokenId: entry.newTokenId ?? '' })
    expect(h.clipboard.text).toBe(secret)
  })
})

test('the answer to the rotate call is lost: the user is told at once what happened', async () => {
  const { h, dev, old, api } = await setup()
  // A proxy in front of the sandbox that lets the rotation through but drops its answer.
  const { createServer } = await import('node:http')
  const { request } = await import('undici')
  const proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const upstream = await request(`${dev.baseUrl}${req.url}`, {
      method: req.method as 'GET',
      headers: { authorization: req.headers.authorization ?? '', 'content-type': req.headers['content-type'] ?? 'application/json' },
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    })
    const body = await upstream.body.text()
    if (req.url?.endsWith('/rotate')) {
      req.socket.destroy()
      return
    }
    res.writeHead(upstream.statusCode, { 'content-type': 'application/json' })
    res.end(body)
  })
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
  try {
    const port = (proxy.address() as { port: number }).port
    const admin = (await keytar.getPassword(h.service, `${dev.id}/credential`)) ?? ''
    const viaProxy = await h.ok('profiles:add', { name: 'Dev via proxy', environment: 'dev', baseUrl: `http://127.0.0.1:${port}`, credential: admin })
    const r = await h.call('tokens:rotate', { profileId: viaProxy.id, tokenId: old.token.id, gracePeriodSeconds: 0 })
    expect(r).toMatchObject({ ok: false, error: { code: 'NETWORK', message: expect.stringContaining('so that secret is lost') } })
    const interrupted = (await h.ok('app:info')).interruptedRotations
    expect(interrupted).toHaveLength(1)
    expect(interrupted[0]?.newTokenId).toMatch(/^key_/)
    // The old token was not revoked: it keeps working through the safety grace.
    expect((await api.getKey(old.token.id)).status).toBe('active')
  } finally {
    proxy.closeAllConnections()
    await new Promise((r) => proxy.close(r))
  }
})

test("a crash while rotating the profile’s own credential: recovery moves the credential before revoking the old key", async () => {
  const lockable = new LockableKeytar()
  const { h, dev } = await setup('stored', lockable)
  const admin = (await h.ok('tokens:list', { profileId: dev.id })).tokens.find((t) => t.name === 'Admin')
  // The credential write fails and the app dies right after: the profile still holds the old key.
  lockable.failSet = (account) => account === `${dev.id}/credential`
  expect((await h.call('tokens:rotate', { profileId: dev.id, tokenId: admin?.id ?? '', gracePeriodSeconds: 0 })).ok).toBe(false)
  lockable.failSet = null
  await h.core.shutdown()
  await h.restart({ startSandbox, faults: { after() {} } })
  const entry = (await h.ok('app:info')).interruptedRotations[0]
  expect(entry?.message).toContain('the old token was revoked')
  expect(await keytar.getPassword(h.service, `${dev.id}/credential`)).toBe(await keytar.getPassword(h.service, `${dev.id}/${entry?.newTokenId}`))
  const list = await h.ok('tokens:list', { profileId: dev.id })
  expect(list.stale).toBe(false)
  expect(list.tokens.find((t) => t.id === admin?.id)?.status).toBe('revoked')
})
