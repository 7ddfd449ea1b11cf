/**
 * GitLab through the services against the stateful fake written from GitLab's docs (its wire
 * shapes proven by @gitbeaker/rest) and the real keychain: list with last use and expiry, create,
 * rotate — the old token revoked at once, never a grace, a revoked token never sent to rotate, a
 * rotation whose answer was lost never sent again — revoke, and errors a user can act on.
 */
import keytar from 'keytar'
import { describe, expect, test } from 'vitest'
import type { ProfileView } from '../../shared/models'
import { createHarness, type Harness } from '../testing/harness'
import { usePeers } from '../testing/peers'
import { useHarnesses } from '../testing/sandboxed'
import type { AppCoreOptions } from '../app-core'

const peers = usePeers(['gitlab'])
const { track } = useHarnesses()
let users = 0

async function gitlabProfile(extra: Partial<AppCoreOptions> = {}): Promise<{ h: Harness; profile: ProfileView; userId: number; credential: { id: number; secret: string } }> {
  const h = track(await createHarness({ builtInSandbox: false, client: { maxRetries: 0 }, ...extra }))
  const userId = peers.gitlab.addUser(`dev${++users}`).id
  const credential = peers.gitlab.issue(userId, { name: 'keyward', scopes: ['api'] })
  const profile = await h.ok('profiles:add', { name: 'GitLab', environment: 'dev', provider: 'gitlab', baseUrl: peers.gitlab.url, credential: credential.secret })
  return { h, profile, userId, credential }
}

const rotatePosts = () => peers.gitlab.requests.filter((r) => r.startsWith('POST') && r.endsWith('/rotate'))

describe('GitLab profiles through the services (fake from the docs)', () => {
  test('list: last use and expiry as GitLab reports them, an expiry within the lead time needs attention', async () => {
    const { h, profile, userId, credential } = await gitlabProfile()
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
    const laptop = peers.gitlab.issue(userId, { name: 'laptop', scopes: ['read_api'], expiresAt: soon })
    const list = await h.ok('tokens:list', { profileId: profile.id })
    expect(list.tokens.find((t) => t.id === String(credential.id))).toMatchObject({ name: 'keyward', prefix: 'glpat-', scopes: ['api'], lastUsed: expect.any(String), health: { needsAttention: false } })
    expect(list.tokens.find((t) => t.id === String(laptop.id))).toMatchObject({
      name: 'laptop',
      lastUsed: null,
      expiresAt: `${soon}T00:00:00.000Z`,
      health: { needsAttention: true, reasons: expect.arrayContaining(['expiring']) },
    })
    expect(list.attention).toBeGreaterThanOrEqual(1)
    expect(profile.credentialKeyId).toBe(String(credential.id))
  })

  test('create: the scopes GitLab allows through the API; others refused in words naming them', async () => {
    const { h, profile } = await gitlabProfile()
    const created = await h.ok('tokens:create', { profileId: profile.id, name: 'agent', scopes: ['k8s_proxy'], expiresAt: null })
    expect(created).toMatchObject({ stored: true, token: { name: 'agent', scopes: ['k8s_proxy'], status: 'active' } })
    expect(await keytar.getPassword(h.service, `${profile.id}/${created.token.id}`)).toBe(created.secret)
    const refused = await h.call('tokens:create', { profileId: profile.id, name: 'too much', scopes: ['api'], expiresAt: null })
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('k8s_proxy and self_rotate only'), details: [{ field: 'scopes' }] } })
  })

  test('rotate: no grace period (refused in words), the old token revoked at once, the new secret stored and verified', async () => {
    const { h, profile, userId } = await gitlabProfile()
    const ci = peers.gitlab.issue(userId, { name: 'ci', scopes: ['read_api'] })
    await h.ok('tokens:list', { profileId: profile.id })
    expect(await h.call('tokens:rotate', { profileId: profile.id, tokenId: String(ci.id), gracePeriodSeconds: 3600 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('GitLab revokes the old token at once'), details: [{ field: 'gracePeriodSeconds' }] },
    })
    await keytar.setPassword(h.service, `${profile.id}/${ci.id}`, ci.secret)
    const rotated = await h.ok('tokens:rotate', { profileId: profile.id, tokenId: String(ci.id), gracePeriodSeconds: 0 })
    expect(rotated.oldToken).toMatchObject({ id: String(ci.id), status: 'revoked' })
    expect(rotated.token).toMatchObject({ name: 'ci', status: 'active', scopes: ['read_api'] })
    expect(rotated.warning).toContain('GitLab revokes the old token the moment it issues the new one')
    expect(peers.gitlab.tokens.get(ci.id)?.revoked).toBe(true)
    expect(await keytar.getPassword(h.service, `${profile.id}/${rotated.token.id}`)).toBe(rotated.secret)
    expect(await keytar.getPassword(h.service, `${profile.id}/${ci.id}`)).toBeNull()
    const listed = await h.ok('tokens:list', { profileId: profile.id })
    expect(listed.tokens.find((t) => t.id === String(ci.id))?.status).toBe('revoked')
    expect(listed.tokens.find((t) => t.id === rotated.token.id)?.health.stored).toBe(true)
  })

  test("rotating the profile's own token moves the profile to the new one", async () => {
    const { h, profile, credential } = await gitlabProfile()
    const rotated = await h.ok('tokens:rotate', { profileId: profile.id, tokenId: String(credential.id), gracePeriodSeconds: 0 })
    expect(await keytar.getPassword(h.service, `${profile.id}/credential`)).toBe(rotated.secret)
    expect((await h.ok('profiles:list')).find((p) => p.id === profile.id)?.credentialKeyId).toBe(rotated.token.id)
    expect((await h.ok('tokens:list', { profileId: profile.id })).stale).toBe(false)
  })

  test('a revoked token is never sent to rotate (GitLab would revoke its whole family)', async () => {
    const { h, profile, userId } = await gitlabProfile()
    const gone = peers.gitlab.issue(userId, { name: 'gone', scopes: ['api'] })
    const sibling = peers.gitlab.tokens.get(gone.id)
    if (sibling) sibling.revoked = true
    const before = rotatePosts().length
    expect(await h.call('tokens:rotate', { profileId: profile.id, tokenId: String(gone.id), gracePeriodSeconds: 0 })).toMatchObject({
      ok: false,
      error: { code: 'KEY_NOT_ACTIVE', message: expect.stringContaining('revoked') },
    })
    expect(rotatePosts().length).toBe(before)
  })

  test('a rotation whose answer was lost in a crash is never sent again: the next start finds the new token by name', async () => {
    let crash = true
    const { h, profile, userId } = await gitlabProfile({ faults: { after: (step) => { if (crash && step === 'rotated') throw new Error('crash after rotate') } } })
    const svc = peers.gitlab.issue(userId, { name: 'service', scopes: ['read_api'] })
    const before = rotatePosts().length
    expect(await h.call('tokens:rotate', { profileId: profile.id, tokenId: String(svc.id), gracePeriodSeconds: 0 })).toMatchObject({ ok: false })
    expect(rotatePosts().length).toBe(before + 1)
    crash = false
    await h.core.shutdown()
    await h.restart()
    const info = await h.ok('app:info')
    const renewed = [...peers.gitlab.tokens.values()].find((t) => t.name === 'service' && !t.revoked)
    expect(info.interruptedRotations).toMatchObject([{ oldTokenId: String(svc.id), newTokenId: String(renewed?.id), message: expect.stringContaining('that secret is lost') }])
    expect(rotatePosts().length).toBe(before + 1)
  })

  test('revoke, and a rate limit says when to try again', async () => {
    const { h, profile, userId } = await gitlabProfile()
    const tmp = peers.gitlab.issue(userId, { name: 'tmp', scopes: ['read_api'] })
    expect(await h.ok('tokens:revoke', { profileId: profile.id, tokenId: String(tmp.id) })).toMatchObject({ id: String(tmp.id), status: 'revoked' })
    expect(peers.gitlab.tokens.get(tmp.id)?.revoked).toBe(true)
    peers.gitlab.rateLimitNext(42)
    expect(await h.call('tokens:scopes', { profileId: profile.id })).toMatchObject({ ok: true })
    expect(await h.call('tokens:create', { profileId: profile.id, name: 'x', scopes: ['k8s_proxy'], expiresAt: null })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterSeconds: 42, message: expect.stringContaining('42 s') },
    })
  })
})
