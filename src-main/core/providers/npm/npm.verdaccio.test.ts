/** The npm adapter against a real registry: Verdaccio started for real on loopback. */
import { providerTokenSchema } from '@shared/providers'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Verdaccio } from '../../testing/verdaccio'
import { usePeers } from '../../testing/peers'
import { ProviderError } from '../errors'
import { verifyNewCredential } from '../steps'
import { npmProvider } from '.'

let registry: Verdaccio
let login: string
const PASSWORD = 'correct-horse-battery-9'
const logs: string[] = []
const seen: string[] = [PASSWORD]

const session = (credential: string) => npmProvider.connect({ baseUrl: registry.url, credential, http: { log: (l) => logs.push(l) } })

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ProviderError)
  return e as ProviderError
}

const peers = usePeers(['npm'])
beforeAll(async () => {
  registry = peers.npm
  login = await registry.addUser('alice', PASSWORD)
  seen.push(login)
})

describe('npm adapter against Verdaccio', () => {
  test('identify: whoami names the account', async () => {
    const id = await session(login).identify()
    expect(id.account).toEqual({ id: 'alice', name: 'alice', environment: null, status: 'active' })
  })

  test('an unknown token is invalid (Verdaccio answers whoami with no username)', async () => {
    const e = await failure(session('not-a-real-token-at-all').identify())
    expect(e.code).toBe('INVALID_API_KEY')
  })

  test('create needs the password; a wrong one is refused by name, never echoed', async () => {
    const missing = await failure(session(login).create({ name: 'ci', scopes: [], expiresAt: null }))
    expect(missing.toIpcError()).toMatchObject({ code: 'INVALID_REQUEST', details: [{ field: 'password', message: 'required' }] })
    const wrong = await failure(session(login).create({ name: 'ci', scopes: [], expiresAt: null }, { password: 'wrong-password-123' }))
    seen.push('wrong-password-123')
    expect(wrong.code).toBe('PASSWORD_REJECTED')
    expect(wrong.message).not.toContain('wrong-password-123')
  })

  test('create → list shows it (masked) → the new token identifies as its own list entry', async () => {
    const created = await session(login).create({ name: 'deploy', scopes: ['read-only'], expiresAt: null }, { password: PASSWORD })
    seen.push(created.secret)
    expect(created.token).toMatchObject({ name: 'deploy', scopes: ['read-only'], status: 'active', hint: `…${created.secret.slice(-4)}` })
    expect(providerTokenSchema.parse(created.token)).toEqual(created.token)
    const listed = (await session(login).list()).find((t) => t.id === created.token.id)
    expect(providerTokenSchema.parse(listed)).toEqual(listed)
    // Verdaccio ignores the name and masks the token: the adapter still gives every field a value.
    expect(listed).toMatchObject({ id: created.token.id, name: `npm token ${created.token.id.slice(0, 6)}`, scopes: ['read-only'], expiresAt: null, allowedIps: [] })
    expect(listed?.hint).not.toBe(created.secret)
    expect(listed?.hint).toMatch(/\.\.\./)
    const self = await session(created.secret).identify()
    expect(self.account.name).toBe('alice')
    expect(self.token?.id).toBe(created.token.id)
  })

  test('rotation by steps: create → verify the new token → revoke the old → the old is gone from the list', async () => {
    const old = await session(login).create({ name: 'old', scopes: [], expiresAt: null }, { password: PASSWORD })
    seen.push(old.secret)
    const fresh = await session(old.secret).create({ name: 'new', scopes: [], expiresAt: null }, { password: PASSWORD })
    seen.push(fresh.secret)
    // (core stores fresh.secret in the keychain here)
    const verified = await verifyNewCredential(npmProvider, { baseUrl: registry.url, credential: fresh.secret }, 'alice')
    expect(verified.token?.id).toBe(fresh.token.id)
    await session(fresh.secret).revoke({ id: old.token.id })
    const ids = (await session(fresh.secret).list()).map((t) => t.id)
    expect(ids).toContain(fresh.token.id)
    expect(ids).not.toContain(old.token.id)
  })

  test('verify refuses a new token of another account, and one that does not work', async () => {
    const bob = await registry.addUser('bob', PASSWORD)
    seen.push(bob)
    const other = await failure(verifyNewCredential(npmProvider, { baseUrl: registry.url, credential: bob }, 'alice'))
    expect(other.code).toBe('VALIDATION_FAILED')
    expect(other.message).toContain('belongs to bob')
    const dead = await failure(verifyNewCredential(npmProvider, { baseUrl: registry.url, credential: 'no-such-token-here' }, 'alice'))
    expect(dead.code).toBe('KEY_NOT_ACTIVE')
  })

  test('rotate itself is not an npm operation: NOT_SUPPORTED with the reason', async () => {
    const e = await failure(session(login).rotate('x', { graceSeconds: 0, expiresAt: null }))
    expect(e.code).toBe('NOT_SUPPORTED')
    expect(e.message).toBe('npm has no rotate endpoint: Keyward creates a new token, then revokes the old one.')
  })

  test('no log line and no error carried a secret, password or token', () => {
    expect(logs.length).toBeGreaterThan(5)
    for (const line of logs) for (const s of seen) expect(line).not.toContain(s)
    expect(logs.join('\n')).not.toMatch(/bearer|authorization/i)
  })
})
