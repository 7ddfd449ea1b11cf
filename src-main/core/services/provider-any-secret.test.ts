/**
 * Any secret through the services with the real keychain: a secret from any dashboard kept with
 * what the user entered, listed with its expiry like any token, rotated by replacing the secret
 * (the old one leaves the keychain), revoked by forgetting it. Nothing of it on disk but metadata.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import keytar from 'keytar'
import { describe, expect, test } from 'vitest'
import { createHarness } from '../testing/harness'
import { useHarnesses } from '../testing/sandboxed'

const { track } = useHarnesses()
const STRIPE = 'sk_live_' + '51HxYz'.repeat(5)
const NEXT = 'sk_live_' + '77AbCd'.repeat(5)

async function onDisk(dir: string): Promise<string> {
  const names = await readdir(dir)
  return (await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => readFile(join(dir, n), 'utf8')))).join('\n')
}

async function secretsProfile() {
  const h = track(await createHarness({ builtInSandbox: false }))
  const profile = await h.ok('profiles:add', { name: 'Dashboards', environment: 'prod', provider: 'any-secret' })
  const soon = new Date(Date.now() + 2 * 86_400_000).toISOString()
  const entry = { name: 'Stripe live', environment: 'prod' as const, providerLabel: 'Stripe', scopes: 'charges, refunds', expiresAt: soon, notes: 'billing service' }
  const added = await h.ok('tokens:import', { profileId: profile.id, secret: ` ${STRIPE}\n`, entry })
  return { h, profile, added, soon }
}

describe('any secret through the services', () => {
  test('added with what the user entered; listed with its expiry and reminders like any token; the secret only in the keychain', async () => {
    const { h, profile, added, soon } = await secretsProfile()
    expect(added).toMatchObject({ name: 'Stripe live', prefix: 'sk_live_', hint: `…${STRIPE.slice(-4)}`, scopes: ['charges', 'refunds'], expiresAt: soon, entered: { providerLabel: 'Stripe', environment: 'prod', notes: 'billing service' } })
    expect(await keytar.getPassword(h.service, `${profile.id}/${added.id}`)).toBe(STRIPE)
    const list = await h.ok('tokens:list', { profileId: profile.id })
    expect(list).toMatchObject({ stale: false, attention: 1, tokens: [{ id: added.id, health: { stored: true, needsAttention: true, reasons: ['expiring'] } }] })
    expect((await h.ok('tokens:search', { query: 'stripe' })).map((r) => r.tokenId)).toEqual([added.id])
    expect((await h.ok('reminders:check')).map((r) => r.body).join(' ')).toContain('Stripe live')
    expect(await h.call('tokens:import', { profileId: profile.id, secret: STRIPE })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: [{ field: 'entry', message: 'required' }] } })
    expect(await onDisk(h.dir)).not.toContain(STRIPE)
    await h.ok('tokens:copy', { profileId: profile.id, tokenId: added.id })
    expect(h.clipboard.text).toBe(STRIPE)
  })

  test('rotate replaces the secret: the new one in the keychain, the old one gone, the age restarted', async () => {
    const { h, profile, added } = await secretsProfile()
    expect(await h.call('tokens:rotate', { profileId: profile.id, tokenId: added.id, gracePeriodSeconds: 0, confirmName: 'Stripe live' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', details: [{ field: 'secret', message: 'required' }] },
    })
    const later = new Date(Date.now() + 90 * 86_400_000).toISOString()
    const replaced = await h.ok('tokens:rotate', { profileId: profile.id, tokenId: added.id, gracePeriodSeconds: 0, confirmName: 'Stripe live', secret: NEXT, expiresAt: later })
    expect(replaced).toMatchObject({ stored: true, token: { id: added.id, hint: `…${NEXT.slice(-4)}`, expiresAt: later, entered: { providerLabel: 'Stripe' } } })
    expect(await keytar.getPassword(h.service, `${profile.id}/${added.id}`)).toBe(NEXT)
    expect((await keytar.findCredentials(h.service)).map((c) => c.password)).not.toContain(STRIPE)
    expect((await h.ok('tokens:list', { profileId: profile.id })).tokens).toMatchObject([{ id: added.id, expiresAt: later, health: { needsAttention: false } }])
    expect(await onDisk(h.dir)).not.toContain(NEXT)
  })

  test('revoke forgets: the secret leaves the keychain and the list', async () => {
    const { h, profile, added } = await secretsProfile()
    expect(await h.call('tokens:revoke', { profileId: profile.id, tokenId: added.id })).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } })
    expect(await h.ok('tokens:revoke', { profileId: profile.id, tokenId: added.id, confirmName: 'Stripe live' })).toMatchObject({ id: added.id, status: 'revoked' })
    expect(await keytar.getPassword(h.service, `${profile.id}/${added.id}`)).toBeNull()
    expect((await h.ok('tokens:list', { profileId: profile.id })).tokens).toEqual([])
    await h.ok('profiles:remove', { id: profile.id })
    // The token cache is written in the background, just after the request.
    await expect.poll(() => onDisk(h.dir), { timeout: 5000 }).not.toContain(added.id)
  })
})
