/**
 * Profiles of every provider through the services (as the renderer and the CLI's app reach them):
 * the credential identified at the provider's peer — Verdaccio really started, the GitLab and
 * GitHub fakes — kept in the real keychain and never on disk, and the warnings a credential that
 * looks like another provider's raises.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import keytar from 'keytar'
import { describe, expect, test } from 'vitest'
import { createHarness } from '../testing/harness'
import { usePeers } from '../testing/peers'
import { useHarnesses } from '../testing/sandboxed'

const peers = usePeers(['npm', 'gitlab', 'github'])
const { track } = useHarnesses()
const harness = async () => track(await createHarness({ builtInSandbox: false, client: { maxRetries: 0 } }))

/** Every file Keyward wrote in its data directory, as text. */
async function onDisk(dir: string): Promise<string> {
  const names = await readdir(dir)
  return (await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => readFile(join(dir, n), 'utf8')))).join('\n')
}

const CLASSIC = 'ghp_' + 'P'.repeat(36)

describe('profiles of every provider', () => {
  test('npm: the token is identified with whoami at Verdaccio; the credential is in the keychain, not on disk', async () => {
    const h = await harness()
    const token = await peers.npm.addUser('pat', 'pat-password-1234')
    const added = await h.ok('profiles:add', { name: 'Registry', environment: 'dev', provider: 'npm', baseUrl: `${peers.npm.url}/`, credential: ` ${token}\n` })
    expect(added).toMatchObject({ provider: 'npm', baseUrl: peers.npm.url, account: { id: 'pat', name: 'pat', environment: null }, organization: null, warnings: [], credentialStored: true })
    expect(await keytar.getPassword(h.service, `${added.id}/credential`)).toBe(token)
    expect(await onDisk(h.dir)).not.toContain(token)
    expect(h.logs.join('\n')).not.toContain(token)

    const tested = await h.ok('profiles:test', { provider: 'npm', environment: 'dev', baseUrl: peers.npm.url, profileId: added.id })
    expect(tested).toMatchObject({ provider: 'npm', account: { name: 'pat' }, organization: { name: 'pat', environment: 'dev' } })
  })

  test('npm: a token the registry does not know is refused as the pasted credential, in words', async () => {
    const h = await harness()
    const r = await h.call('profiles:add', { name: 'Bad', environment: 'dev', provider: 'npm', baseUrl: peers.npm.url, credential: 'not-a-token-verdaccio-knows' })
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_API_KEY', message: 'npm registry refused this credential: it is invalid, expired or revoked. Paste a working npm access token.' } })
    expect((await h.ok('profiles:list')).length).toBe(0)
  })

  test('GitLab: the token itself (self) is the credential key; test shows its name and scopes', async () => {
    const h = await harness()
    const user = peers.gitlab.addUser('grace')
    const t = peers.gitlab.issue(user.id, { name: 'laptop', scopes: ['api'], expiresAt: '2099-01-31' })
    const tested = await h.ok('profiles:test', { provider: 'gitlab', environment: 'staging', baseUrl: peers.gitlab.url, credential: t.secret })
    expect(tested).toMatchObject({ provider: 'gitlab', account: { id: String(user.id), name: 'grace' }, token: { id: String(t.id), name: 'laptop' }, keyName: 'laptop', scopes: ['api'], warnings: [] })
    const added = await h.ok('profiles:add', { name: 'GitLab', environment: 'staging', provider: 'gitlab', baseUrl: peers.gitlab.url, credential: t.secret })
    expect(added).toMatchObject({ provider: 'gitlab', credentialKeyId: String(t.id), account: { name: 'grace' } })
    expect(await onDisk(h.dir)).not.toContain(t.secret)
  })

  test('GitHub: a token pasted into a GitLab profile is refused with the provider it looks like', async () => {
    const h = await harness()
    const r = await h.call('profiles:add', { name: 'Wrong', environment: 'dev', provider: 'gitlab', baseUrl: peers.gitlab.url, credential: CLASSIC })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_API_KEY' } })
    const message = r.ok ? '' : r.error.message
    expect(message).toContain('GitLab refused this credential')
    expect(message).toContain('This looks like a GitHub personal access token (classic), not the GitLab personal access token this profile expects. Pick the GitHub provider for it.')
    expect(message).not.toContain(CLASSIC)
  })

  test('GitHub: the login is identified with GET /user, and the credential starts Keyward’s own list of the profile’s tokens', async () => {
    const h = await harness()
    peers.github.tokens.set(CLASSIC, { login: 'octo', userId: 42, scopes: ['repo'], expiresAt: null, revoked: false })
    const added = await h.ok('profiles:add', { name: 'GitHub', environment: 'prod', provider: 'github', baseUrl: peers.github.url, credential: CLASSIC })
    expect(added).toMatchObject({ provider: 'github', account: { id: '42', name: 'octo' }, credentialKeyId: expect.stringMatching(/^gh-/) })
    expect(await keytar.getPassword(h.service, `${added.id}/${added.credentialKeyId}`)).toBe(CLASSIC)
    expect(await onDisk(h.dir)).not.toContain(CLASSIC)
  })

  test('any secret: a profile with no base URL and no credential; one pasted anyway is refused, and test says why it cannot', async () => {
    const h = await harness()
    const added = await h.ok('profiles:add', { name: 'Dashboards', environment: 'prod', provider: 'any-secret' })
    expect(added).toMatchObject({ provider: 'any-secret', baseUrl: '', account: null, organization: null, credentialStored: true, warnings: [] })
    expect(await h.call('profiles:add', { name: 'X', environment: 'dev', provider: 'any-secret', credential: 'sk_live_abc' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', details: [{ field: 'credential', message: 'not used' }] },
    })
    expect(await h.call('profiles:test', { provider: 'any-secret', environment: 'dev', credential: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } })
  })

  test('a provider without a default base URL (Token API) asks for one', async () => {
    const h = await harness()
    expect(await h.call('profiles:add', { name: 'T', environment: 'dev', provider: 'token-api-v1', credential: 'sk_test_x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', details: [{ field: 'baseUrl', message: 'required' }] },
    })
  })
})
