/** The actions, rotation steps and credential warnings core and UI follow, from each provider's descriptor. */
import { describe, expect, test } from 'vitest'
import { providerDescriptorSchema, type ProviderDescriptor, type ProviderId, type ProviderToken } from '@shared/providers'
import { formatSecret } from '@shared/token-format'
import { credentialWarnings, profileActions, rotationPlan, tokenActions, type RotationPlan } from './capabilities'
import { tokenWithStatus } from './catalog'
import { PROVIDERS, providerDescriptors } from './registry'

const all = Object.values(PROVIDERS)
const token = (status: ProviderToken['status'] = 'active') => tokenWithStatus(status)
const ctx = { isCredential: false, secretStored: true }
const byAction = <T extends { action: string }>(list: T[], action: string) => list.find((a) => a.action === action)
/** An action as the UI receives it (stepUp empty unless given). */
const act = (action: string, available: boolean, label: string, text: string | null, stepUp: readonly string[] = []) => ({ action, available, label, text, stepUp })

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

/** A registered provider's descriptor with some fields changed, checked against the schema like the real ones. */
const variant = (base: ProviderDescriptor, change: Partial<ProviderDescriptor>, caps: Partial<ProviderDescriptor['capabilities']> = {}) =>
  providerDescriptorSchema.parse({ ...base, ...change, capabilities: { ...base.capabilities, ...caps } })
const gitlabRotate =
  'GitLab revokes the old token the moment it issues the new one. Keyward sends a GitLab rotation once and never retries it: rotating a token GitLab already revoked makes GitLab revoke every token of its family.'
const lockout = 'This is the profile’s own credential: revoking it locks the profile out until you give it another.'

describe('what each action says, word for word', () => {
  test('profile actions of a remote provider and of a local one', () => {
    expect(profileActions(PROVIDERS['token-api-v1'].descriptor)).toEqual([
      act('list', true, 'Tokens', null),
      act('create', true, 'Create token', null),
    ])
    expect(profileActions(PROVIDERS.github.descriptor)).toEqual([
      act('list', true, 'Tokens', 'GitHub has no API to list personal access tokens: Keyward lists the GitHub tokens you added.'),
      act('create', false, 'Create token', 'GitHub has no API to create personal access tokens: create one on GitHub, then add it here.'),
    ])
  })

  test('a provider that keeps the list remotely but cannot list has no list', () => {
    const d = variant(PROVIDERS.npm.descriptor, {}, { list: { available: false, reason: 'This registry cannot list tokens.' } })
    expect(profileActions(d)[0]).toEqual(act('list', false, 'Tokens', 'This registry cannot list tokens.'))
  })

  test('rotate of an inactive token: the rotation rule is added only where rotating again does harm', () => {
    expect(byAction(tokenActions(PROVIDERS.gitlab.descriptor, token('expired'), ctx), 'rotate')).toEqual(act('rotate', false, 'Rotate', `This token is expired: Keyward does not rotate it. ${gitlabRotate}`))
    expect(byAction(tokenActions(PROVIDERS.npm.descriptor, token('revoked'), ctx), 'rotate')).toEqual(act('rotate', false, 'Rotate', 'This token is revoked: Keyward does not rotate it.'))
    const silent = variant(PROVIDERS.gitlab.descriptor, {}, { rotate: { available: true, note: null } })
    expect(byAction(tokenActions(silent, token('revoked'), ctx), 'rotate')?.text).toBe('This token is revoked: Keyward does not rotate it.')
  })

  test('rotate asks for create’s step-up only when rotating means creating', () => {
    const askingGrace = variant(PROVIDERS['token-api-v1'].descriptor, { createStepUp: ['password'] })
    expect(byAction(tokenActions(askingGrace, token(), ctx), 'rotate')).toEqual(act('rotate', true, 'Rotate', null))
    expect(byAction(tokenActions(PROVIDERS.github.descriptor, token(), ctx), 'rotate')).toEqual(act('rotate', false, 'Rotate', 'GitHub has no API to rotate personal access tokens: regenerate it on GitHub, add the new value with Add token, then revoke the old one.'))
  })

  test('revoke: the label, the note, the lock-out warning, and nothing to say as null', () => {
    expect(byAction(tokenActions(PROVIDERS.npm.descriptor, token(), ctx), 'revoke')).toEqual(act('revoke', true, 'Revoke', null))
    expect(byAction(tokenActions(PROVIDERS.npm.descriptor, token(), { isCredential: true, secretStored: false }), 'revoke')).toEqual(act('revoke', true, 'Revoke', lockout))
    const githubNote = PROVIDERS.github.descriptor.capabilities.revoke
    expect(githubNote.available && githubNote.note).toBeTruthy()
    expect(byAction(tokenActions(PROVIDERS.github.descriptor, token(), { isCredential: true, secretStored: true }), 'revoke')?.text).toBe(
      `${githubNote.available ? githubNote.note : ''} ${lockout}`,
    )
    // Forgetting a secret locks nobody out: it keeps working at its vendor.
    expect(byAction(tokenActions(PROVIDERS['any-secret'].descriptor, token(), { isCredential: true, secretStored: true }), 'revoke')).toEqual(act('revoke', true, 'Forget', 'Keyward forgets the secret; it keeps working at its vendor until you revoke it there.'))
  })

  test('revoke by value without the stored secret says why; by id it does not need it', () => {
    expect(byAction(tokenActions(PROVIDERS.github.descriptor, token(), { isCredential: false, secretStored: false }), 'revoke')).toEqual(act('revoke', false, 'Revoke', 'GitHub revokes a token only when given the token itself, and Keyward does not have this one in the keychain.'))
    expect(byAction(tokenActions(PROVIDERS.gitlab.descriptor, token(), { isCredential: false, secretStored: false }), 'revoke')).toMatchObject({ available: true })
  })

  test('a provider that cannot revoke says why, whatever the token', () => {
    const d = variant(PROVIDERS.gitlab.descriptor, {}, { revoke: { available: false, reason: 'This GitLab cannot revoke tokens.' } })
    expect(byAction(tokenActions(d, token(), ctx), 'revoke')).toEqual(act('revoke', false, 'Revoke', 'This GitLab cannot revoke tokens.'))
  })
})

describe('rotation plans, what the dialog says before the user confirms', () => {
  const npmRotate = 'npm has no rotate endpoint: Keyward creates a new token, then revokes the old one.'
  const npmGrace =
    'npm cannot keep an old token alive for a while: Keyward keeps the grace period itself and revokes the old token when it ends (at the next start if Keyward was closed).'

  const tokenApiGrace = 'The Token API keeps the old key working until the grace period ends.'
  const gitlabNoGrace = 'GitLab revokes the old token at once when it rotates: there is no grace period.'
  const anyReplace = 'Keyward cannot rotate this secret at its vendor: paste the new secret from its dashboard and the old one leaves the keychain.'
  /** A plan as the dialog receives it; no plan is ever retried. */
  const plan = (steps: RotationPlan['steps'], graceSeconds: number, providerGraceSeconds: number, graceKeptBy: RotationPlan['graceKeptBy'], stepUp: RotationPlan['stepUp'], notices: readonly string[]): RotationPlan => ({
    steps,
    graceSeconds,
    providerGraceSeconds,
    graceKeptBy,
    retry: false,
    stepUp,
    notices,
  })
  const noGrace = [0, 0.9, -5]

  // No grace (or less than a second) says nothing about grace; one second of grace is a grace, and who keeps it is said.
  test.each<[string, ProviderId, number, RotationPlan]>([
    ...noGrace.map((g): [string, ProviderId, number, RotationPlan] => [`Token API, grace ${g}`, 'token-api-v1', g, plan(['rotate', 'store', 'verify', 'revoke-old'], 0, 3600, 'provider', [], [])]),
    ...noGrace.map((g): [string, ProviderId, number, RotationPlan] => [`GitLab, grace ${g}`, 'gitlab', g, plan(['rotate', 'store', 'verify'], 0, 0, null, [], [gitlabRotate])]),
    ...noGrace.map((g): [string, ProviderId, number, RotationPlan] => [`npm, grace ${g}`, 'npm', g, plan(['create', 'store', 'verify', 'revoke-old'], 0, 0, null, ['password', 'otp'], [npmRotate])]),
    ['Token API, 1.5 s of grace', 'token-api-v1', 1.5, plan(['rotate', 'store', 'verify'], 1, 1, 'provider', [], [tokenApiGrace])],
    ['GitLab, 1 s of grace', 'gitlab', 1, plan(['rotate', 'store', 'verify'], 0, 0, null, [], [gitlabRotate, gitlabNoGrace])],
    ['npm, 1 s of grace', 'npm', 1, plan(['create', 'store', 'verify', 'schedule-revoke-old'], 1, 0, 'keyward', ['password', 'otp'], [npmRotate, npmGrace])],
    // Replacing a secret is one step, with the reason it is not a rotation.
    ['any secret, 600 s of grace', 'any-secret', 600, plan(['replace-secret'], 0, 0, null, [], [anyReplace])],
  ])('%s', (_case, provider, grace, expected) => {
    expect(rotationPlan(PROVIDERS[provider].descriptor, grace, 3600)).toEqual(expected)
  })

  test('a provider that does not rotate but gives no reason still says so', () => {
    const mute = variant(PROVIDERS.github.descriptor, {}, { rotate: { available: true, note: null } })
    expect(() => rotationPlan(mute, 0, 3600)).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED', message: 'Keyward cannot rotate GitHub tokens.' }))
  })

  test('a provider that cannot rotate is NOT_SUPPORTED with its reason', () => {
    expect(() => rotationPlan(PROVIDERS.github.descriptor, 0, 3600)).toThrow(
      expect.objectContaining({ code: 'NOT_SUPPORTED', message: 'GitHub has no API to rotate personal access tokens: regenerate it on GitHub, add the new value with Add token, then revoke the old one.' }),
    )
  })
})

describe('credential warnings, who is suggested', () => {
  const looksAlike = (base: (typeof all)[number], kind: string) => ({ ...base, looksLike: () => ({ match: 'yes' as const, kind, environments: null }) })

  test('a provider that recognizes its own credential and can check it suggests no other, even one that also claims it', () => {
    const claimer = looksAlike(PROVIDERS.gitlab, 'GitLab lookalike')
    expect(credentialWarnings(PROVIDERS.npm, 'dev', 'npm_' + 'a'.repeat(36), [...all, claimer])).toEqual([])
  })

  test('a provider that cannot check credentials points to every one that can, never to one that cannot', () => {
    const checker = looksAlike(PROVIDERS.gitlab, 'Stripe-style key')
    const blindGithub = variant(PROVIDERS.github.descriptor, {}, { identify: { available: false, reason: 'This GitHub cannot say whose a token is.' } })
    const guesser = { ...looksAlike(PROVIDERS.github, 'something else'), descriptor: blindGithub }
    expect(credentialWarnings(PROVIDERS['any-secret'], 'prod', 'sk_live_' + 'x'.repeat(24), [PROVIDERS['any-secret'], checker, guesser])).toEqual([
      'This looks like a Stripe-style key: a GitLab profile lets Keyward check it with GitLab and list its tokens.',
    ])
  })

  test('a credential its own provider refuses is pointed to whoever claims it, checking or not', () => {
    // The Token API knows sk_live_ is its prefix and that this is not one of its keys; Any secret knows Stripe's.
    expect(credentialWarnings(PROVIDERS['token-api-v1'], 'prod', 'sk_live_' + 'x'.repeat(24), all)).toEqual([
      'This looks like a Stripe live secret key, not the Token API key this profile expects. Pick the Any secret provider for it.',
    ])
    expect(credentialWarnings(PROVIDERS['token-api-v1'], 'dev', 'npm_' + 'a'.repeat(36), all)).toEqual([
      'This looks like an npm access token, not the Token API key this profile expects. Pick the npm registry provider for it.',
    ])
    expect(credentialWarnings(PROVIDERS['token-api-v1'], 'dev', 'whatever', all)).toEqual(['This does not look like the Token API key this profile expects.'])
  })

  test('an unrecognized credential that another provider claims gets the suggestion only, not also "does not look like"', () => {
    expect(credentialWarnings(PROVIDERS.gitlab, 'dev', 'npm_' + 'a'.repeat(36), all)).toEqual([
      'This looks like an npm access token, not the GitLab personal access token this profile expects. Pick the npm registry provider for it.',
    ])
  })

  test('a provider that cannot list is suggested without "and list its tokens"', () => {
    const noList = { ...PROVIDERS.gitlab, descriptor: variant(PROVIDERS.gitlab.descriptor, {}, { list: { available: false, reason: 'No list here.' } }) }
    expect(credentialWarnings(PROVIDERS['any-secret'], 'dev', 'glpat-abcdefghijklmnopqrst', [PROVIDERS['any-secret'], noList])).toEqual([
      'This looks like a GitLab personal access token: a GitLab profile lets Keyward check it with GitLab.',
    ])
  })
})
