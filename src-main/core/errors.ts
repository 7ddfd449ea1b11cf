import type { ErrorCode, IpcError } from '../shared/errors'

/** An expected failure with a code and a message a user can act on; crosses IPC as data. */
export class KeywardError extends Error {
  readonly code: ErrorCode
  readonly details?: IpcError['details']
  readonly requiredScope?: string
  readonly retryAfterSeconds?: number
  readonly successorId?: string
  readonly latestExpiresAt?: string

  constructor(code: ErrorCode, message: string, extra: Omit<IpcError, 'code' | 'message'> = {}) {
    super(message)
    this.name = 'KeywardError'
    this.code = code
    if (extra.details) this.details = extra.details
    if (extra.requiredScope) this.requiredScope = extra.requiredScope
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds
    if (extra.successorId) this.successorId = extra.successorId
    if (extra.latestExpiresAt) this.latestExpiresAt = extra.latestExpiresAt
  }

  toIpcError(): IpcError {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.requiredScope ? { requiredScope: this.requiredScope } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      ...(this.successorId ? { successorId: this.successorId } : {}),
      ...(this.latestExpiresAt ? { latestExpiresAt: this.latestExpiresAt } : {}),
    }
  }
}
