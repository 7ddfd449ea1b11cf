/**
 * The CLI with profiles of every provider: an app run adds an npm profile (Verdaccio started for
 * real), a GitLab and a GitHub profile (their fakes) and an any-secret profile, creates or adds a
 * token in each and quits; `keyward ls`, `get` and `exec` then read the app's files read-only and
 * the keychain, as for Token API profiles. The after-each scan looks for every secret everywhere.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { Harness } from '../core/testing/harness'
import { usePeers } from '../core/testing/peers'
import { useAppRuns } from './testing/app-run'

const peers = usePeers(['npm', 'gitlab', 'github'])
const { appRun } = useAppRuns()
const PROBE = join(import.meta.dirname, 'testing/probe-child.mjs')
const GITHUB = 'ghp_' + 'Cli0'.repeat(9)
const STRIPE = 'sk_test_' + 'CliStripe0'.repeat(3)
const sha = (s: string) => createHash('sha256').update(s).digest('hex')

/** One profile of each provider with one token each; returns the secrets by reference. */
async function everyProvider(h: Harness): Promise<Record<string, string>> {
  const login = await peers.npm.addUser('cli-user', 'cli-password-123')
  const npm = await h.ok('profiles:add', { name: 'Registry', environment: 'dev', provider: 'npm', baseUrl: peers.npm.url, credential: login })
  const published = await h.ok('tokens:create', { profileId: npm.id, name: 'publish', scopes: ['publish'], expiresAt: null, password: 'cli-password-123' })
  const user = peers.gitlab.addUser('cli')
  const glCredential = peers.gitlab.issue(user.id, { name: 'keyward', scopes: ['api'] })
  const gitlab = await h.ok('profiles:add', { name: 'GitLab', environment: 'dev', provider: 'gitlab', baseUrl: peers.gitlab.url, credential: glCredential.secret })
  const agent = await h.ok('tokens:create', { profileId: gitlab.id, name: 'agent', scopes: ['k8s_proxy'], expiresAt: null })
  peers.github.tokens.set(GITHUB, { login: 'cli-octo', userId: 9, scopes: ['repo'], expiresAt: null, revoked: false })
  const github = await h.ok('profiles:add', { name: 'GitHub', environment: 'dev', provider: 'github', baseUrl: peers.github.url, credential: GITHUB })
  const secrets = await h.ok('profiles:add', { name: 'Dashboards', environment: 'dev', provider: 'any-secret' })
  await h.ok('tokens:import', { profileId: secrets.id, secret: STRIPE, entry: { name: 'Stripe test', environment: 'dev', providerLabel: 'Stripe', scopes: '', expiresAt: null, notes: '' } })
  for (const p of [npm, gitlab, github, secrets]) await h.ok('tokens:list', { profileId: p.id })
  return {
    // Verdaccio keeps no token names (npmjs does): the token is named by its id.
    [`keyward://Registry/${published.token.id}`]: published.secret,
    'keyward://GitLab/agent': agent.secret,
    [`keyward://GitHub/${github.credentialKeyId}`]: GITHUB,
    'keyward://Dashboards/Stripe test': STRIPE,
    login: login,
    gitlabCredential: glCredential.secret,
  }
}

describe('keyward with every provider', () => {
  test('ls lists each provider’s tokens; get prints each secret; exec passes them in the environment only', async () => {
    let refs: Record<string, string> = {}
    const { run } = await appRun({
      more: async (h) => {
        refs = await everyProvider(h)
        return Object.values(refs)
      },
    })
    const rows = JSON.parse((await run(['ls', '--json'])).stdout) as Array<{ reference: string; profile: string; secretStored: boolean; status: string }>
    for (const profile of ['Registry', 'GitLab', 'GitHub', 'Dashboards']) expect(rows.some((r) => r.profile === profile && r.secretStored && r.status === 'active')).toBe(true)
    const wanted = Object.keys(refs).filter((r) => r.startsWith('keyward://'))
    for (const ref of wanted) {
      const got = await run(['get', ref], true)
      expect({ ref, code: got.code, stdout: got.stdout }).toEqual({ ref, code: 0, stdout: `${refs[ref]}\n` })
    }
    const env = wanted.map((ref, i) => `SECRET_${i}=${ref}`)
    const exec = await run(['exec', ...env.flatMap((e) => ['--env', e]), '--', process.execPath, PROBE, 'ok', ...wanted.map((_, i) => `SECRET_${i}`)])
    expect(exec.code).toBe(0)
    expect(JSON.parse(exec.stdout.split('\n')[0] ?? '{}').env).toEqual(Object.fromEntries(wanted.map((ref, i) => [`SECRET_${i}`, sha(refs[ref] ?? '')])))
  })
})
