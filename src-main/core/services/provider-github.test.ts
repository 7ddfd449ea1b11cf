/**
 * GitHub (validate and watch) through the services against the GitHub fake (its bodies checked
 * against @octokit/openapi) and the real keychain: Keyward's own list of the tokens added, each
 * re-checked with GET /user (expiry from GitHub-Authentication-Token-Expiration, a token GitHub
 * refuses shown revoked), no rotation (and why), revoke by sending the token unauthenticated.
 */
import keytar from 'keytar'
import { describe, expect, test } from 'vitest'
import { githubExpiryHeader } from '../testing/fake-github'
import { createHarness } from '../testing/harness'
import { usePeers } from '../testing/peers'
import { useHarnesses } from '../testing/sandboxed'

const peers = usePeers(['github'])
const { track } = useHarnesses()
let n = 0
/** A fresh classic token for a login, known to the fake. */
function token(login: string, userId: number, expiresAt: Date | null, scopes: string[] | null = ['repo']): string {
  const secret = `ghp_${String(++n).padStart(4, '0')}${'x'.repeat(32)}`
  peers.github.tokens.set(secret, { login, userId, scopes, expiresAt, revoked: false })
  return secret
}

async function githubProfile() {
  const h = track(await createHarness({ builtInSandbox: false, client: { maxRetries: 0 } }))
  const expiry = new Date(Date.now() + 5 * 86_400_000)
  const credential = token('octo', 42, expiry)
  const profile = await h.ok('profiles:add', { name: 'GitHub', environment: 'dev', provider: 'github', baseUrl: peers.github.url, credential })
  return { h, profile, credential, expiry }
}

describe('GitHub profiles through the services (fake checked against @octokit/openapi)', () => {
  test("list: Keyward's own, the expiry from GitHub's header, the age counted from when Keyward added the token", async () => {
    const { h, profile, credential, expiry } = await githubProfile()
    const list = await h.ok('tokens:list', { profileId: profile.id })
    expect(list.tokens).toHaveLength(1)
    const [row] = list.tokens
    expect(row).toMatchObject({
      id: profile.credentialKeyId,
      prefix: 'ghp_',
      hint: `…${credential.slice(-4)}`,
      scopes: ['repo'],
      lastUsed: null,
      createdAtKnown: false,
      expiresAt: new Date(githubExpiryHeader(expiry).replace(' UTC', 'Z').replace(' ', 'T')).toISOString(),
      health: { stored: true, ageDays: 0, needsAttention: true, reasons: ['expiring'] },
    })
    expect(Date.now() - Date.parse(row?.createdAt ?? '')).toBeLessThan(60_000)
    expect(peers.github.requests.filter((r) => r.path.endsWith('/user')).every((r) => r.authenticated)).toBe(true)
  })

  test("another token of the same login is added by pasting it; another login's is refused", async () => {
    const { h, profile } = await githubProfile()
    const second = token('octo', 42, null, null)
    const added = await h.ok('tokens:import', { profileId: profile.id, secret: second })
    expect(added).toMatchObject({ prefix: 'ghp_', expiresAt: null, scopes: [], health: { stored: true } })
    expect(await keytar.getPassword(h.service, `${profile.id}/${added.id}`)).toBe(second)
    expect((await h.ok('tokens:list', { profileId: profile.id })).tokens.map((t) => t.id)).toContain(added.id)
    const stranger = token('someone', 7, null)
    expect(await h.call('tokens:import', { profileId: profile.id, secret: stranger })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'This GitHub personal access token belongs to someone, not to the account of "GitHub". Import it in that account’s profile.' },
    })
  })

  test('a new credential pasted in the profile joins the list, as the first one did when the profile was added', async () => {
    const { h, profile } = await githubProfile()
    const replacement = token('octo', 42, null, ['repo', 'workflow'])
    const updated = await h.ok('profiles:update', { id: profile.id, credential: replacement })
    expect(updated.credentialKeyId).not.toBe(profile.credentialKeyId)
    const list = await h.ok('tokens:list', { profileId: profile.id })
    expect(list.tokens.map((t) => t.id).sort()).toEqual([profile.credentialKeyId, updated.credentialKeyId].sort())
    expect(list.tokens.find((t) => t.id === updated.credentialKeyId)).toMatchObject({ prefix: 'ghp_', hint: `…${replacement.slice(-4)}`, scopes: ['repo', 'workflow'], health: { stored: true } })
    expect(await keytar.getPassword(h.service, `${profile.id}/${updated.credentialKeyId}`)).toBe(replacement)
    // Pasting the same credential again keeps one entry for it.
    await h.ok('profiles:update', { id: profile.id, credential: replacement })
    expect((await h.ok('tokens:list', { profileId: profile.id })).tokens).toHaveLength(2)
  })

  test('no rotation, with the reason; no create either', async () => {
    const { h, profile } = await githubProfile()
    expect(await h.call('tokens:rotate', { profileId: profile.id, tokenId: profile.credentialKeyId ?? '', gracePeriodSeconds: 0 })).toEqual({
      ok: false,
      error: { code: 'NOT_SUPPORTED', message: 'GitHub has no API to rotate personal access tokens: regenerate it on GitHub, add the new value with Add token, then revoke the old one.' },
    })
    expect(await h.call('tokens:create', { profileId: profile.id, name: 'x', scopes: ['repo'], expiresAt: null })).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } })
  })

  test('revoke sends the token itself to /credentials/revoke without signing in; the list then shows it revoked', async () => {
    const { h, profile } = await githubProfile()
    const extra = token('octo', 42, null)
    const added = await h.ok('tokens:import', { profileId: profile.id, secret: extra })
    const revoked = await h.ok('tokens:revoke', { profileId: profile.id, tokenId: added.id })
    expect(revoked.status).toBe('revoked')
    expect(peers.github.tokens.get(extra)?.revoked).toBe(true)
    const call = peers.github.requests.filter((r) => r.path.endsWith('/credentials/revoke')).at(-1)
    expect(call).toMatchObject({ method: 'POST', authenticated: false })
    expect(await keytar.getPassword(h.service, `${profile.id}/${added.id}`)).toBeNull()
    expect((await h.ok('tokens:list', { profileId: profile.id })).tokens.find((t) => t.id === added.id)?.status).toBe('revoked')
  })

  test('a token revoked on GitHub itself shows as revoked at the next list, and its secret leaves the keychain', async () => {
    const { h, profile } = await githubProfile()
    const extra = token('octo', 42, null)
    const added = await h.ok('tokens:import', { profileId: profile.id, secret: extra })
    const t = peers.github.tokens.get(extra)
    if (t) t.revoked = true
    const row = (await h.ok('tokens:list', { profileId: profile.id })).tokens.find((x) => x.id === added.id)
    expect(row).toMatchObject({ status: 'revoked', revokedAt: expect.any(String), health: { revoked: true, stored: false } })
    expect(await keytar.getPassword(h.service, `${profile.id}/${added.id}`)).toBeNull()
  })
})
