/** Error codes that cross IPC as data. Each has a message a user can act on. */
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'INVALID_API_KEY',
  'ORGANIZATION_SUSPENDED',
  'INSUFFICIENT_SCOPE',
  'IP_NOT_ALLOWED',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'KEY_NOT_ACTIVE',
  /** The token already has a successor (an earlier rotation); `successorId` names it. */
  'KEY_ALREADY_ROTATED',
  /** The profile's credential is limited to some addresses and may only hand out keys limited inside them. */
  'IP_RANGE_NOT_HELD',
  /** The profile's credential expires, and may only hand out keys that expire no later. */
  'EXPIRY_BEYOND_CALLER',
  'RATE_LIMITED',
  /** The provider wants a one-time password (npm with two-factor auth) before it creates a token. */
  'OTP_REQUIRED',
  /** The account password a provider asked for (npm create) was refused. */
  'PASSWORD_REJECTED',
  /** The profile's provider cannot do this; the message says why and what to do instead. */
  'NOT_SUPPORTED',
  'NETWORK',
  'TIMEOUT',
  'SERVER',
  'KEYCHAIN_UNAVAILABLE',
  'SECRET_NOT_STORED',
  'PROFILE_NOT_FOUND',
  'CONFIRMATION_REQUIRED',
  'SETTINGS_CORRUPT',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface IpcError {
  readonly code: ErrorCode
  readonly message: string
  /** Field-level problems for VALIDATION_FAILED / INVALID_REQUEST. */
  readonly details?: readonly { readonly field: string; readonly message: string }[]
  readonly requiredScope?: string
  readonly retryAfterSeconds?: number
  /** KEY_ALREADY_ROTATED: the key that replaced this one. */
  readonly successorId?: string
  /** EXPIRY_BEYOND_CALLER: the latest expiry the profile's credential may give. */
  readonly latestExpiresAt?: string
}

export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError }

/** Exhaustiveness check for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`)
}
