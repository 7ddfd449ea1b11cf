/**
 * The provider port: what every token provider declares and does. A provider is a folder under
 * core/providers/ exporting one `Provider`; core and UI read its descriptor's capabilities and
 * never test its name. An operation the provider lacks throws NOT_SUPPORTED with the capability's
 * own reason, so a caller that forgot to check still shows the user why.
 *
 * Errors: every operation fails with a ProviderError (./errors) whose code is one of Keyward's
 * (INVALID_API_KEY, INSUFFICIENT_SCOPE naming the permission, RATE_LIMITED with retryAfterSeconds,
 * OTP_REQUIRED, PASSWORD_REJECTED, NOT_FOUND, VALIDATION_FAILED, NETWORK, TIMEOUT, SERVER,
 * NOT_SUPPORTED) and whose message never contains a secret, password or one-time password.
 */
import type { Environment, Scope } from '@shared/models'
import type { Capability, Identity, ProviderDescriptor, ProviderToken } from '@shared/providers'
import type { ProviderHttpOptions } from './http'

export type { Capability, Identity, ProviderDescriptor, ProviderToken } from '@shared/providers'

/** What a credential looks like, offline, to one provider. */
export type CredentialLook =
  /** This provider's format; `environments` it fits when the format says (sk_live_ → prod only). */
  | { readonly match: 'yes'; readonly kind: string; readonly environments: readonly Environment[] | null }
  /** A format this provider knows belongs to someone else's or nothing it can tell. */
  | { readonly match: 'no' | 'unknown' }

/** Where a profile's provider lives and who it is for. */
export interface ConnectOptions {
  /** Null for providers without an API. */
  readonly baseUrl: string | null
  readonly credential: string
  readonly http?: ProviderHttpOptions
}

export interface CreateInput {
  readonly name: string
  readonly scopes: readonly string[]
  /** ISO date-time, or null for the provider's default. */
  readonly expiresAt: string | null
}

/** Asked for per request by the dialog, used for that one request, never stored or logged. */
export interface StepUp {
  readonly password?: string
  readonly otp?: string
}

export interface CreatedToken {
  readonly token: ProviderToken
  /** Shown once, then only in the keychain. */
  readonly secret: string
}

export interface RotateOptions {
  /** Seconds the old token keeps working, for providers whose capabilities offer rotateWithGrace natively. */
  readonly graceSeconds: number
  /** ISO date for the new token's expiry where the provider takes one (GitLab), null for its default. */
  readonly expiresAt: string | null
}

/** What revoke needs: the token's id, and the secret for providers that revoke by value (GitHub). */
export interface RevokeTarget {
  readonly id: string
  readonly secret?: string
}

/** A provider bound to one base URL and credential. */
export interface ProviderSession {
  /** Who the credential is (account) and, where the provider tells, which token it is. */
  identify(): Promise<Identity>
  list(): Promise<ProviderToken[]>
  /** One token by id, where the provider reads one directly (the Token API); otherwise core finds it in list(). */
  get?(tokenId: string): Promise<ProviderToken>
  create(input: CreateInput, stepUp?: StepUp): Promise<CreatedToken>
  /** The provider's own rotate; absent for create-then-revoke providers (core runs the steps). */
  rotate(tokenId: string, options: RotateOptions): Promise<CreatedToken>
  revoke(target: RevokeTarget): Promise<void>
  scopes(): Promise<Scope[]>
}

/** A pasted credential after the provider's offline check: cleaned, or refused with words a user can act on. */
export type CredentialCheck = { readonly ok: true; readonly credential: string } | { readonly ok: false; readonly message: string }

export interface Provider {
  readonly descriptor: ProviderDescriptor
  /** Offline: does this credential look like this provider's (and which environment's)? */
  looksLike(credential: string): CredentialLook
  /**
   * Offline, where the format can be checked exactly (a Token API key's checksum): the credential
   * cleaned, or why it cannot be one. Absent: core only strips whitespace.
   */
  checkCredential?(input: string): CredentialCheck
  connect(options: ConnectOptions): ProviderSession
}

/** The capability's reason when absent (for NOT_SUPPORTED), null when present. */
export function absentReason(descriptor: ProviderDescriptor, capability: Capability): string | null {
  const state = descriptor.capabilities[capability]
  return state && !state.available ? state.reason : null
}
