/**
 * A crash at each journal step of the rotation paths issue 11 added — the old secret leaving the
 * keychain, a chosen expiry, the credential's 7-day safety grace, a grace period ending while the
 * app is closed — and what the next start makes of it. Real Token API on loopback, real keychain.
 * Reproduce: bash .ci/with-keyring.sh npx vitest run src-main/core/rotation-crash.test.ts
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

const harnesses: Harness[] = []
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.dispose()
})

const startSandbox: SandboxStarter = async (o) => (await startTokenApi(o)) as RunningSandbox
const STEPS: readonly RotationStep[] = ['started', 'rotated', 'stored', 'verified']
const DAY = 86_400_000

async function crashed(step: RotationStep, keytarImpl?: LockableKeytar) {
  const h = await createHarness(
    {
      startSandbox,
      faults: {
        after(s) {
          if (s === step) throw new Error(`injected crash after ${s}`)
        },
      },
    },
    keytarImpl,
  )
  harnesses.push(h)
  const dev = (await h.ok('profiles:list')).find((p) => p.environment === 'dev') as ProfileView
  return { h, dev }
}

/** The next start: a new core on the same directory and keychain, recovery awaited through app:info. */
async function nextStart(h: Harness) {
  await h.core.shutdown()
  await h.restart({ startSandbox, faults: { after() {} } })
  const info = await h.ok('app:info')
  const dev = (await h.ok('profiles:list')).find((p) => p.environment === 'dev') as ProfileView
  const admin = (await keytar.getPassword(h.service, `${dev.id}/credential`)) ?? ''
  return { entry: info.interruptedRotations[0], dev, api: new TokenApiClient(dev.baseUrl, admin) }
}

const stored = (h: Harness, profileId: string, tokenId: string | null | undefined) => keytar.getPassword(h.service, `${profileId}/${tokenId}`)

describe('rotation without grace, with a chosen expiry: crash after each step', () => {
  for (const step of STEPS) {
    test(`after "${step}": the old secret is in the keychain exactly while the old key works, and the new key keeps its expiry`, async () => {
      const { h, dev } = await crashed(step)
      const old = await h.ok('tokens:create', { profileId: dev.id, name: `crash ${step}`, scopes: ['dns:read'], expiresAt: new Date(Date.now() + 30 * DAY).toISOString() })
      const in7 = new Date(Date.now() + 7 * DAY).toISOString()
      expect((await h.call('tokens:rotate', { profileId: dev.id, tokenId: old.token.id, gracePeriodSeconds: 0, expiresAt: in7 })).ok).toBe(false)
      const { entry, dev: after, api } = await nextStart(h)
      expect(entry).toBeDefined()
      await h.ok('tokens:list', { profileId: after.id })
      const oldNow = await api.getKey(old.token.id)
      expect(await stored(h, dev.id, old.token.id)).toBe(oldNow.status === 'active' ? old.secret : null)
      if (step === 'started') {
        expect(entry?.newTokenId).toBeNull()
        expect(oldNow.status).toBe('active')
        return
      }
      const fresh = await api.getKey(entry?.newTokenId ?? '')
      expect(fresh.expiresAt).toBe(in7)
      if (step === 'rotated') {
        // The new secret died with the process: the old key must keep working (and its secret stay).
        expect(oldNow.status).toBe('active')
        expect(await stored(h, dev.id, fresh.id)).toBeNull()
      } else {
        // Recovery finished the rotation: the old key revoked and its secret gone, the new one stored.
        expect(oldNow.status).toBe('revoked')
        expect(await stored(h, dev.id, fresh.id)).not.toBeNull()
      }
    })
  }
})

describe("the profile’s own credential, its new secret refused by the keychain: crash after each step", () => {
  for (const step of ['started', 'rotated'] as const) {
    test(`after "${step}": the profile still runs on its old key, which lasts the 7-day safety grace`, async () => {
      const lockable = new LockableKeytar()
      const { h, dev } = await crashed(step, lockable)
      const before = await keytar.getPassword(h.service, `${dev.id}/credential`)
      lockable.failSet = (account) => account.startsWith(`${dev.id}/`)
      expect((await h.call('tokens:rotate', { profileId: dev.id, tokenId: dev.credentialKeyId ?? '', gracePeriodSeconds: 0 })).ok).toBe(false)
      lockable.failSet = null
      const { entry, dev: after } = await nextStart(h)
      expect(entry).toBeDefined()
      expect(await keytar.getPassword(h.service, `${dev.id}/credential`)).toBe(before)
      const me = await new TokenApiClient(after.baseUrl, before ?? '').me()
      expect(me.key.status).toBe('active')
      const hours = me.key.expiresAt === null ? null : Math.round((Date.parse(me.key.expiresAt) - Date.now()) / 3_600_000)
      expect(hours).toBe(step === 'started' ? null : 7 * 24)
      expect((await h.ok('tokens:list', { profileId: after.id })).stale).toBe(false)
    })
  }
})

describe('a grace period that ends while the app is closed', () => {
  for (const step of ['stored', 'verified'] as const) {
    test(`crash after "${step}", grace over before the next start: the old key has ended and its secret is gone`, async () => {
      const { h, dev } = await crashed(step)
      const old = await h.ok('tokens:create', { profileId: dev.id, name: `grace ${step}`, scopes: ['dns:read'], expiresAt: null })
      expect((await h.call('tokens:rotate', { profileId: dev.id, tokenId: old.token.id, gracePeriodSeconds: 1 })).ok).toBe(false)
      await new Promise((r) => setTimeout(r, 1200))
      const { entry, dev: after, api } = await nextStart(h)
      expect(entry?.newTokenId).toMatch(/^key_/)
      const list = await h.ok('tokens:list', { profileId: after.id })
      expect(list.tokens.find((t) => t.id === old.token.id)?.status).toBe('expired')
      expect(await stored(h, dev.id, old.token.id)).toBeNull()
      expect(await stored(h, dev.id, entry?.newTokenId)).not.toBeNull()
      expect((await api.getKey(entry?.newTokenId ?? '')).status).toBe('active')
    })
  }
})
