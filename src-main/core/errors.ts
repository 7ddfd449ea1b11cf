import type { ErrorCode, IpcError } from '../shared/errors'

/** An expected failure with a code and a message a user can act on; crosses IPC as data. */
export class KeywardError extends Error {
  readonly code: ErrorCode
  readonly details?: IpcError['details']
  readonly requiredScope?: string
  readonly retryAfterSeconds?: number

  constructor(code: ErrorCode, message: string, extra: Omit<IpcError, 'code' | 'message'> = {}) {
    super(message)
    this.name = 'KeywardError'
    this.code = code
    if (extra.details) this.details = extra.details
    if (extra.requiredScope) this.requiredScope = extra.requiredScope
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds
  }

  toIpcError(): IpcError {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.requiredScope ? { requiredScope: this.requiredScope } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    }
  }
}
