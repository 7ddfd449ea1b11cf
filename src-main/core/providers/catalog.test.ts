import { expect, test } from 'vitest'
import { PROVIDER_IDS } from '@shared/providers'
import { createHandlers } from '../handlers'
import type { Services } from '../app-core'
import { providerCatalog } from './catalog'

const info = (id: string) => {
  const found = providerCatalog().find((p) => p.descriptor.id === id)
  if (!found) throw new Error(`no provider ${id}`)
  return found
}
const actions = (id: string, status: 'active' | 'expired' | 'revoked', isCredential: boolean, secretStored: boolean) =>
  info(id).tokenActions.find((c) => c.status === status && c.isCredential === isCredential && c.secretStored === secretStored)?.actions

test('providers:list answers every provider, in the registry order the profile dialog shows', async () => {
  const handlers = createHandlers({} as Services)
  const listed = (await handlers['providers:list'](undefined as never)) as ReturnType<typeof providerCatalog>
  expect(listed.map((p) => p.descriptor.id)).toEqual([...PROVIDER_IDS])
  // It crosses IPC: plain data only.
  expect(JSON.parse(JSON.stringify(listed))).toEqual(listed)
})

test('every token state the actions depend on is listed once per provider', () => {
  for (const p of providerCatalog()) {
    expect(p.tokenActions).toHaveLength(12)
    const keys = new Set(p.tokenActions.map((c) => `${c.status}/${c.isCredential}/${c.secretStored}`))
    expect(keys.size).toBe(12)
  }
})

test('npm: create asks for the password and OTP; rotation creates then revokes, with the grace Keyward keeps', () => {
  const npm = info('npm')
  expect(npm.profileActions.find((a) => a.action === 'create')).toMatchObject({ available: true, stepUp: ['password', 'otp'] })
  expect(actions('npm', 'active', false, true)?.[0]).toMatchObject({
    label: 'Rotate',
    available: true,
    stepUp: ['password', 'otp'],
    text: 'npm has no rotate endpoint: Keyward creates a new token, then revokes the old one.',
  })
  expect(npm.rotation?.withoutGrace.graceKeptBy).toBeNull()
  expect(npm.rotation?.withGrace.graceKeptBy).toBe('keyward')
  expect(npm.rotation?.withGrace.notices.join(' ')).toContain('Keyward keeps the grace period itself')
})

test('GitLab: rotation has no grace and says the old token is revoked at once; a revoked token is not rotated', () => {
  const gitlab = info('gitlab')
  expect(gitlab.rotation?.withoutGrace.graceKeptBy).toBeNull()
  expect(gitlab.rotation?.withoutGrace.notices.join(' ')).toContain('revokes the old token the moment it issues the new one')
  expect(gitlab.rotation?.withoutGrace.notices.join(' ')).toContain('revoke every token of its family')
  expect(actions('gitlab', 'revoked', false, false)?.[0]).toMatchObject({ available: false })
  expect(actions('gitlab', 'revoked', false, false)?.[0]?.text).toContain('This token is revoked')
})

test('GitHub: no create, no rotation; revoke only with the secret in the keychain', () => {
  const github = info('github')
  expect(github.profileActions.find((a) => a.action === 'create')).toMatchObject({ available: false })
  expect(github.rotation).toBeNull()
  expect(actions('github', 'active', false, true)?.[0]).toMatchObject({ action: 'rotate', available: false })
  expect(actions('github', 'active', false, true)?.[1]).toMatchObject({ action: 'revoke', available: true })
  expect(actions('github', 'active', false, false)?.[1]).toMatchObject({ action: 'revoke', available: false })
})

test('Any secret: rotate replaces the secret and revoke forgets it', () => {
  expect(actions('any-secret', 'active', false, true)?.map((a) => [a.label, a.available])).toEqual([
    ['Replace secret', true],
    ['Forget', true],
  ])
  expect(info('any-secret').rotation?.withoutGrace.graceKeptBy).toBeNull()
})
