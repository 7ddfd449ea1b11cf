/**
 * Failures every provider adapter raises, each one a KeywardError (so it crosses IPC as data with
 * a message a user can act on) that also keeps the HTTP status core's recovery logic reads.
 */
import type { ErrorCode, IpcError } from '@shared/errors'
import { KeywardError } from '../errors'
import { invalidCredentialMessage, rateLimitedMessage, retryAfterSeconds } from '../http-failure'

export { retryAfterSeconds }

/** A provider call that failed; `status` is the HTTP status, 0 when nothing came back. */
export class ProviderError extends KeywardError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number,
    extra: Omit<IpcError, 'code' | 'message'> = {},
  ) {
    super(code, message, extra)
    this.name = 'ProviderError'
  }

  /** The provider could not be reached or failed on its side: the request may or may not have happened. */
  get unreachable(): boolean {
    return this.code === 'NETWORK' || this.code === 'TIMEOUT' || (this.code === 'SERVER' && (this.status === 0 || this.status >= 500))
  }

  /** The provider answered and refused: nothing was changed. */
  get refused(): boolean {
    return this.status >= 400 && this.status < 500
  }
}

/** The credential itself is refused: wrong, expired or revoked. */
export function invalidCredential(providerLabel: string, status: number, detail = 'invalid, expired or revoked'): ProviderError {
  return new ProviderError('INVALID_API_KEY', invalidCredentialMessage(providerLabel, detail), status)
}

/**
 * The credential works but lacks a permission; `permissions` names it when the provider said which
 * (several when any one of them would do, as GitLab lists them).
 */
export function missingPermission(providerLabel: string, status: number, permissions: readonly string[], action: string): ProviderError {
  if (permissions.length === 0) return new ProviderError('INSUFFICIENT_SCOPE', `The ${providerLabel} credential of this profile may not ${action}.`, status)
  const named = permissions.map((p) => `"${p}"`).join(' or ')
  return new ProviderError('INSUFFICIENT_SCOPE', `The ${providerLabel} credential of this profile lacks the permission ${named} needed to ${action}. Use a credential that has it.`, status, {
    requiredScope: permissions.join(' or '),
  })
}

/** Too many requests; says when to try again when the provider said so. */
export function rateLimited(host: string, status: number, seconds: number | undefined): ProviderError {
  return new ProviderError('RATE_LIMITED', rateLimitedMessage(host, seconds), status, seconds !== undefined ? { retryAfterSeconds: seconds } : {})
}

/** The provider wants a one-time password for this action (npm two-factor authentication). */
export function otpRequired(providerLabel: string, otpWasSent: boolean): ProviderError {
  return new ProviderError(
    'OTP_REQUIRED',
    otpWasSent
      ? `The ${providerLabel} did not accept that one-time password. Enter the current code from your authenticator app.`
      : `The ${providerLabel} asks for a one-time password for this. Enter the code from your authenticator app.`,
    401,
  )
}

/** The action exists elsewhere but this provider cannot do it; `reason` is the capability's own. */
export function notSupported(reason: string): ProviderError {
  return new ProviderError('NOT_SUPPORTED', reason, 0)
}
