/**
 * Any secret: a token from any dashboard (Stripe, OpenAI, a seed vendor) that Keyward keeps in the
 * keychain with what the user entered — name, environment, provider label, scopes as free text,
 * expiry and notes. No API: rotate replaces the secret (the old one leaves the keychain), revoke
 * forgets it. The list, health, reminders, copy and the quick switcher treat it like any token.
 */
import { randomBytes } from 'node:crypto'
import type { Environment } from '@shared/models'
import type { ProviderToken, SecretEntry } from '@shared/providers'
import { notSupported } from '../errors'
import { absentReason, type CredentialLook, type Provider, type ProviderDescriptor, type ProviderSession } from '../port'

export const anySecretDescriptor: ProviderDescriptor = {
  id: 'any-secret',
  label: 'Any secret',
  credentialLabel: 'secret',
  defaultBaseUrl: null,
  baseUrlHint: null,
  capabilities: {
    list: { available: false, reason: 'Keyward has no API for this secret: it lists the secrets you entered.' },
    create: { available: false, reason: 'Keyward cannot create this secret: make it in its vendor’s dashboard, then add it here.' },
    rotate: { available: false, reason: 'Keyward cannot rotate this secret at its vendor: paste the new secret from its dashboard and the old one leaves the keychain.' },
    rotateWithGrace: { available: false, reason: 'Keyward cannot keep an old secret working at its vendor: replace it when the new one is in use.' },
    revoke: { available: true, note: 'Keyward forgets the secret; it keeps working at its vendor until you revoke it there.' },
    identify: { available: false, reason: 'Keyward cannot ask this secret’s vendor who it belongs to: it shows what you entered.' },
    lastUsed: { available: false, reason: 'Keyward cannot know when this secret was last used.' },
    expiry: { available: true, note: 'The expiry date you entered.' },
    scopeCatalog: { available: false, reason: 'Scopes are the free text you enter.' },
  },
  rotation: 'replace-secret',
  revokeBy: 'forget',
  createStepUp: [],
  inventory: 'local',
}

const PROD: readonly Environment[] = ['prod']
const NON_PROD: readonly Environment[] = ['dev', 'staging']

/** Formats of common dashboards' secrets, the environment they give away where they do. */
const KNOWN: ReadonlyArray<{ readonly re: RegExp; readonly kind: string; readonly environments: readonly Environment[] | null }> = [
  { re: /^(sk|rk)_live_[0-9A-Za-z]{16,}$/, kind: 'Stripe live secret key', environments: PROD },
  { re: /^(sk|rk)_test_[0-9A-Za-z]{16,}$/, kind: 'Stripe test secret key', environments: NON_PROD },
  { re: /^sk-(proj-|svcacct-|admin-)?[0-9A-Za-z_-]{20,}$/, kind: 'OpenAI API key', environments: null },
  { re: /^sk-ant-[0-9A-Za-z_-]{20,}$/, kind: 'Anthropic API key', environments: null },
  { re: /^(AKIA|ASIA)[0-9A-Z]{16}$/, kind: 'AWS access key id', environments: null },
  { re: /^xox[abposr]-[0-9A-Za-z-]{10,}$/, kind: 'Slack token', environments: null },
]

function looksLike(credential: string): CredentialLook {
  const c = credential.trim()
  const known = KNOWN.find((k) => k.re.test(c))
  return known ? { match: 'yes', kind: known.kind, environments: known.environments } : { match: 'unknown' }
}

/** A new id for an entered secret (names its keychain account). */
export function newSecretId(): string {
  return `sec-${randomBytes(12).toString('hex')}`
}

/** Scopes typed as free text ("read, write  billing") as a list. */
export function parseScopes(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** The token record of an entered secret, as lists, health and reminders see it. Never the secret. */
export function secretToken(id: string, entry: SecretEntry, secret: string, now: Date): ProviderToken {
  const expired = entry.expiresAt !== null && Date.parse(entry.expiresAt) <= now.getTime()
  const c = secret.trim()
  return {
    id,
    name: entry.name,
    prefix: /^[a-z]{2,4}_(live|test)_/.exec(c)?.[0] ?? /^[a-z]{2,10}[-_]/.exec(c)?.[0] ?? '',
    hint: `…${c.slice(-4)}`,
    scopes: parseScopes(entry.scopes),
    createdAt: now.toISOString(),
    lastUsed: null,
    expiresAt: entry.expiresAt,
    revokedAt: null,
    status: expired ? 'expired' : 'active',
    allowedIps: [],
  }
}

/** Rotation for an entered secret: the record after its secret was replaced (age restarts, new hint and expiry). */
export function replaceSecret(token: ProviderToken, entry: SecretEntry, newSecret: string, now: Date): ProviderToken {
  return secretToken(token.id, entry, newSecret, now)
}

function session(): ProviderSession {
  const absent = (capability: Parameters<typeof absentReason>[1]) => Promise.reject(notSupported(absentReason(anySecretDescriptor, capability) ?? ''))
  return {
    identify: () => absent('identify'),
    list: () => absent('list'),
    create: () => absent('create'),
    rotate: () => absent('rotate'),
    // Forgetting is core's: the secret leaves the keychain. There is nothing to tell a vendor.
    revoke: async () => {},
    scopes: () => absent('scopeCatalog'),
  }
}

export const anySecretProvider: Provider = { descriptor: anySecretDescriptor, looksLike, connect: () => session() }
