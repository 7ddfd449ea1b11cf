/** The actions, rotation steps and credential warnings core and UI follow, from each provider's descriptor. */
import { describe, expect, test } from 'vitest'
import { providerDescriptorSchema, type ProviderToken } from '@shared/providers'
import { formatSecret } from '@shared/token-format'
import { credentialWarnings, profileActions, rotationPlan, tokenActions } from './capabilities'
import { PROVIDERS, providerDescriptors } from './registry'

const all = Object.values(PROVIDERS)
const token = (status: ProviderToken['status'] = 'active'): ProviderToken => ({
  id: '1',
  name: 't',
  prefix: '',
  hint: '',
  scopes: [],
  createdAt: null,
  lastUsed: null,
  expiresAt: null,
  revokedAt: null,
  status,
  allowedIps: [],
})
const ctx = { isCredential: false, secretStored: true }
const byAction = <T extends { action: string }>(list: T[], action: string) => list.find((a) => a.action === action)

describe('descriptors', () => {
  test('every provider declares every capability, each absent one with a reason', () => {
    for (const d of providerDescriptors()) {
      expect(providerDescriptorSchema.parse(d)).toEqual(d)
      for (const state of Object.values(d.capabilities)) if (!state.available) expect(state.reason.length).toBeGreaterThan(20)
    }
  })
})

describe('profile actions', () => {
  test('create follows the capability, with npm’s step-up and GitHub’s reason', () => {
    expect(byAction(profileActions(PROVIDERS.npm.descriptor), 'create')).toMatchObject({ available: true, stepUp: ['password', 'otp'] })
    expect(byAction(profileActions(PROVIDERS.github.descriptor), 'create')).toMatchObject({
      available: false,
      text: 'GitHub has no API to create personal access tokens: create one on GitHub, then add it here.',
    })
    expect(byAction(profileActions(PROVIDERS.gitlab.descriptor), 'create')?.text).toContain('k8s_proxy and self_rotate scopes only')
  })

  test('providers without a list endpoint still have a list — Keyward’s own — and say so', () => {
    expect(byAction(profileActions(PROVIDERS.github.descriptor), 'list')).toMatchObject({ available: true, text: expect.stringContaining('Keyward lists the GitHub tokens you added') })
    expect(byAction(profileActions(PROVIDERS['any-secret'].descriptor), 'list')).toMatchObject({ available: true })
  })
})

describe('token actions', () => {
  test('rotate: labelled and explained per rotation style', () => {
    expect(byAction(tokenActions(PROVIDERS['token-api-v1'].descriptor, token(), ctx), 'rotate')).toMatchObject({ available: true, label: 'Rotate', text: null })
    expect(byAction(tokenActions(PROVIDERS.npm.descriptor, token(), ctx), 'rotate')).toMatchObject({
      available: true,
      text: 'npm has no rotate endpoint: Keyward creates a new token, then revokes the old one.',
      stepUp: ['password', 'otp'],
    })
    expect(byAction(tokenActions(PROVIDERS.github.descriptor, token(), ctx), 'rotate')).toMatchObject({ available: false, text: expect.stringContaining('GitHub has no API to rotate') })
    expect(byAction(tokenActions(PROVIDERS['any-secret'].descriptor, token('expired'), ctx), 'rotate')).toMatchObject({ available: true, label: 'Replace secret' })
  })

  test('a revoked GitLab token cannot be rotated, and the family rule is said', () => {
    const rotate = byAction(tokenActions(PROVIDERS.gitlab.descriptor, token('revoked'), ctx), 'rotate')
    expect(rotate?.available).toBe(false)
    expect(rotate?.text).toContain('This token is revoked')
    expect(rotate?.text).toContain('revoke every token of its family')
    expect(byAction(tokenActions(PROVIDERS.gitlab.descriptor, token(), ctx), 'rotate')?.text).toContain('revokes the old token the moment')
  })

  test('revoke: by value needs the stored secret; forget is labelled so; the profile’s own credential warns of lock-out', () => {
    expect(byAction(tokenActions(PROVIDERS.github.descriptor, token(), { isCredential: false, secretStored: false }), 'revoke')).toMatchObject({ available: false })
    expect(byAction(tokenActions(PROVIDERS.github.descriptor, token(), ctx), 'revoke')).toMatchObject({ available: true })
    expect(byAction(tokenActions(PROVIDERS['any-secret'].descriptor, token(), ctx), 'revoke')).toMatchObject({ label: 'Forget', text: expect.stringContaining('keeps working at its vendor') })
    expect(byAction(tokenActions(PROVIDERS.npm.descriptor, token(), { isCredential: true, secretStored: true }), 'revoke')?.text).toContain('locks the profile out')
    expect(byAction(tokenActions(PROVIDERS.npm.descriptor, token('revoked'), ctx), 'revoke')).toMatchObject({ available: false, text: 'This token is already revoked.' })
  })
})

describe('rotation plans', () => {
  test('Token API: the provider keeps the grace; none asked → safety grace, then Keyward revokes', () => {
    expect(rotationPlan(PROVIDERS['token-api-v1'].descriptor, 0, 3600)).toMatchObject({ steps: ['rotate', 'store', 'verify', 'revoke-old'], providerGraceSeconds: 3600, graceKeptBy: 'provider' })
    expect(rotationPlan(PROVIDERS['token-api-v1'].descriptor, 600, 3600)).toMatchObject({ steps: ['rotate', 'store', 'verify'], providerGraceSeconds: 600 })
  })

  test('npm: create → store → verify → revoke now, or a grace Keyward keeps itself', () => {
    expect(rotationPlan(PROVIDERS.npm.descriptor, 0, 3600)).toMatchObject({ steps: ['create', 'store', 'verify', 'revoke-old'], graceKeptBy: null, stepUp: ['password', 'otp'] })
    const later = rotationPlan(PROVIDERS.npm.descriptor, 86_400, 3600)
    expect(later).toMatchObject({ steps: ['create', 'store', 'verify', 'schedule-revoke-old'], graceSeconds: 86_400, graceKeptBy: 'keyward' })
    expect(later.notices.join(' ')).toContain('Keyward keeps the grace period itself')
  })

  test('GitLab: no grace whatever is asked, never retried, both rules said', () => {
    const plan = rotationPlan(PROVIDERS.gitlab.descriptor, 3600, 3600)
    expect(plan).toMatchObject({ steps: ['rotate', 'store', 'verify'], graceSeconds: 0, retry: false })
    expect(plan.notices.join(' ')).toMatch(/revokes the old token the moment.*family.*no grace period/s)
  })

  test('GitHub cannot rotate: NOT_SUPPORTED with the reason; any secret replaces', () => {
    expect(() => rotationPlan(PROVIDERS.github.descriptor, 0, 3600)).toThrow(/GitHub has no API to rotate/)
    expect(rotationPlan(PROVIDERS['any-secret'].descriptor, 0, 3600).steps).toEqual(['replace-secret'])
  })
})

describe('credential warnings', () => {
  const live = formatSecret('sk_live_', 'A'.repeat(36))
  const test_ = formatSecret('sk_test_', 'B'.repeat(36))
  test('another environment’s key', () => {
    expect(credentialWarnings(PROVIDERS['token-api-v1'], 'dev', live, all)).toEqual(['This looks like a sk_live_ key, which is for prod, but the profile is marked dev.'])
    expect(credentialWarnings(PROVIDERS['token-api-v1'], 'prod', test_, all)).toEqual(['This looks like a sk_test_ key, which is for dev or staging, but the profile is marked prod.'])
    expect(credentialWarnings(PROVIDERS['token-api-v1'], 'prod', live, all)).toEqual([])
    expect(credentialWarnings(PROVIDERS['any-secret'], 'prod', 'sk_test_' + 'x'.repeat(24), all)).toEqual([
      'This looks like a Stripe test secret key, which is for dev or staging, but the profile is marked prod.',
    ])
  })

  test('another provider’s token', () => {
    expect(credentialWarnings(PROVIDERS.npm, 'dev', 'glpat-abcdefghijklmnopqrst', all)).toEqual([
      'This looks like a GitLab personal access token, not the npm access token this profile expects. Pick the GitLab provider for it.',
    ])
    expect(credentialWarnings(PROVIDERS.gitlab, 'dev', 'ghp_' + 'a'.repeat(36), all)).toEqual([
      'This looks like a GitHub personal access token (classic), not the GitLab personal access token this profile expects. Pick the GitHub provider for it.',
    ])
    expect(credentialWarnings(PROVIDERS['any-secret'], 'dev', 'npm_' + 'a'.repeat(36), all)).toEqual([
      'This looks like an npm access token: an npm registry profile lets Keyward check it with npm registry and list its tokens.',
    ])
    expect(credentialWarnings(PROVIDERS.gitlab, 'dev', 'glrt-abcdefghijklmnopqrst', all)).toEqual(['This does not look like the GitLab personal access token this profile expects.'])
  })

  test('nothing to say about a credential nobody recognizes', () => {
    expect(credentialWarnings(PROVIDERS.npm, 'dev', 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6', all)).toEqual([])
    expect(credentialWarnings(PROVIDERS['any-secret'], 'dev', 'whatever-secret', all)).toEqual([])
  })
})
