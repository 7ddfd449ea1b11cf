/** Every error code the Token API v1 server can return, with its HTTP status. The OpenAPI test reads this list. */
export const ERROR_STATUS = {
  INVALID_JSON: 400,
  BAD_REQUEST: 400,
  INVALID_API_KEY: 401,
  ORGANIZATION_SUSPENDED: 403,
  INSUFFICIENT_SCOPE: 403,
  IP_NOT_ALLOWED: 403,
  IP_RANGE_NOT_HELD: 403,
  EXPIRY_BEYOND_CALLER: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  KEY_NOT_ACTIVE: 409,
  KEY_ALREADY_ROTATED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export interface FieldError {
  readonly field: string
  readonly message: string
}

/**
 * An expected failure of a request, which the error handler sends as the contract's error envelope.
 * (Not `ApiError`: that is the client's name, in core/api-client.ts.)
 */
export class ReplyError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = 'ReplyError'
    this.status = ERROR_STATUS[code]
  }
}

/** A 422 with field details. */
export function validationFailed(details: readonly FieldError[]): ReplyError {
  return new ReplyError('VALIDATION_FAILED', 'The request is not valid.', { details })
}
