/**
 * What a provider is, as both sides see it: its id, the capabilities it declares (each absent one
 * with the reason a user reads where they would look for the action), and the token and account
 * shapes every provider's adapter returns. One zod schema per shape; types via z.infer.
 */
import { z } from 'zod'
import { apiKeySchema, environmentSchema, PROVIDER_IDS, PROVIDER_TOKEN_ID_RE, providerAccountSchema, providerIdSchema, tokenIdSchema, type DeepReadonly } from './schemas'

// Defined beside the profile schema that records them (schemas.ts cannot import this file).
export { PROVIDER_IDS, PROVIDER_TOKEN_ID_RE, providerAccountSchema, providerIdSchema, tokenIdSchema }
export type ProviderId = z.infer<typeof providerIdSchema>

/** What a provider may be able to do. Core and UI follow these, never the provider's name. */
export const CAPABILITIES = ['list', 'create', 'rotate', 'rotateWithGrace', 'revoke', 'identify', 'lastUsed', 'expiry', 'scopeCatalog'] as const
export const capabilitySchema = z.enum(CAPABILITIES)
export type Capability = z.infer<typeof capabilitySchema>

/** A capability present (with a caveat a user must read, if any) or absent (with the reason why). */
export const capabilityStateSchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), note: z.string().min(1).nullable() }),
  z.object({ available: z.literal(false), reason: z.string().min(1) }),
])
export type CapabilityState = z.infer<typeof capabilityStateSchema>

/**
 * How a provider rotates, which decides the steps core journals:
 * - native-grace: the provider issues the new token and keeps the old one working for a grace period;
 * - native-immediate: the provider issues the new token and revokes the old one at once (never retried);
 * - create-then-revoke: no rotate endpoint — create, store, verify, then revoke the old token now or
 *   when a grace period Keyward keeps itself ends;
 * - replace-secret: no API — the user pastes the new secret, the old one leaves the keychain;
 * - none: Keyward cannot rotate it.
 */
export const rotationStyleSchema = z.enum(['native-grace', 'native-immediate', 'create-then-revoke', 'replace-secret', 'none'])
export type RotationStyle = z.infer<typeof rotationStyleSchema>

/** Extra input a provider needs to create a token: npm asks for the password and, when the registry says so, a one-time password. */
export const stepUpSchema = z.enum(['password', 'otp'])
export type StepUpKind = z.infer<typeof stepUpSchema>

/** A provider as the profile dialog and core see it. Static: comes from code, never from a server. */
export const providerDescriptorSchema = z.object({
  id: providerIdSchema,
  label: z.string(),
  /** What the credential is called at this provider ("npm access token"). */
  credentialLabel: z.string(),
  /** Null for providers without an API (any secret). */
  defaultBaseUrl: z.string().nullable(),
  baseUrlHint: z.string().nullable(),
  capabilities: z.record(capabilitySchema, capabilityStateSchema),
  rotation: rotationStyleSchema,
  /**
   * How revoke reaches the provider: by the token's id, by sending the secret itself (GitHub's
   * credential revocation), or not at all — Keyward forgets the secret (any secret).
   */
  revokeBy: z.enum(['id', 'secret', 'forget']),
  /** Step-up input create may need (asked for, never stored). */
  createStepUp: z.array(stepUpSchema),
  /**
   * remote: the provider lists the tokens; local: Keyward keeps the list of tokens the user added
   * (providers with no list endpoint).
   */
  inventory: z.enum(['remote', 'local']),
})
export type ProviderDescriptor = z.infer<typeof providerDescriptorSchema>

/**
 * A token's metadata as every provider returns it: the Token API's ApiKey widened where other
 * providers know less — any prefix, a creation time that may be unknown (GitHub tells none).
 * A token id names a keychain account, so it is restricted to safe characters.
 */
export const providerTokenSchema = apiKeySchema.extend({
  createdAt: apiKeySchema.shape.createdAt.nullable(),
})
/** Readonly data, arrays included (an ApiKey is one). */
export type ProviderToken = DeepReadonly<z.infer<typeof providerTokenSchema>>

export type ProviderAccount = DeepReadonly<z.infer<typeof providerAccountSchema>>

/** What identifying a pasted credential finds: its account and, where the provider tells, the token itself. */
export const identitySchema = z.object({
  account: providerAccountSchema,
  token: providerTokenSchema.nullable(),
})
export type Identity = Readonly<{ account: ProviderAccount; token: ProviderToken | null }>

/**
 * The fields a user enters for a secret from any dashboard (Stripe, OpenAI, a seed vendor).
 * Scopes are free text: Keyward cannot check them.
 */
export const secretEntrySchema = z.object({
  name: z.string().trim().min(1).max(200),
  environment: environmentSchema,
  providerLabel: z.string().trim().min(1).max(100),
  scopes: z.string().max(1000),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  notes: z.string().max(5000),
})
export type SecretEntry = z.infer<typeof secretEntrySchema>
