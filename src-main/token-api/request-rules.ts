/**
 * What the Token API accepts in a request beyond its JSON schemas, and how every refusal reads:
 * a new key's body, the list's limit and cursor, and Fastify's schema and parser errors turned into
 * the contract's error codes with `[{field, message}]` details (422 VALIDATION_FAILED).
 */
import type { FastifyError } from 'fastify'
import { checkDisplayName } from '../shared/display-name'
import { ReplyError, validationFailed, type FieldError } from './errors'
import { parseCidr } from './ip-allowlist'
import type { KeyRecord } from './key-ledger'
import { parseExpiry } from './key-rules'

export const DEFAULT_LIST_LIMIT = 100
export const MAX_LIST_LIMIT = 1000

/** The body of POST /v1/api-keys as its schema lets it through. */
export interface CreateBody {
  name: string
  scopes: string[]
  expires_at?: string | null
  allowed_ips?: string[]
}

export interface KeySpec {
  readonly name: string
  readonly scopes: string[]
  readonly expiresMs: number | null
  /** Canonical ranges, each once, in the order given. */
  readonly allowedIps: string[]
}

/** Validates a create body: the name, scopes, expiry and canonical ranges to mint, or one 422 naming every problem. */
export function parseCreateBody(body: CreateBody, catalogNames: ReadonlySet<string>, now: number): KeySpec {
  const details: FieldError[] = []
  const name = checkDisplayName(body.name)
  if (!name.ok) details.push({ field: 'name', message: name.message })
  const unknown = body.scopes.filter((s) => !catalogNames.has(s))
  if (unknown.length > 0) details.push({ field: 'scopes', message: `not in the scope catalog: ${unknown.join(', ')}` })
  const expiresMs = parseExpiry(body.expires_at, now, 'expires_at', details)
  const allowedIps: string[] = []
  for (const [i, raw] of (body.allowed_ips ?? []).entries()) {
    const cidr = parseCidr(raw)
    if (cidr === null) details.push({ field: `allowed_ips.${i}`, message: 'must be an IPv4 or IPv6 address or CIDR range' })
    else if (!allowedIps.includes(cidr)) allowedIps.push(cidr)
  }
  if (!name.ok || details.length > 0) throw validationFailed(details)
  return { name: name.name, scopes: body.scopes, expiresMs, allowedIps }
}

/** The expiry a rotation asks for (null: none), or a 422. */
export function parseRotateExpiry(expiresAt: string | null | undefined, now: number): number | null {
  const details: FieldError[] = []
  const expiresMs = parseExpiry(expiresAt, now, 'expires_at', details)
  if (details.length > 0) throw validationFailed(details)
  return expiresMs
}

/** The list's `limit` query parameter: digits only, from 1 to 1000; 100 when absent. */
export function parseListLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIST_LIMIT
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!(limit >= 1 && limit <= MAX_LIST_LIMIT)) throw validationFailed([{ field: 'limit', message: `must be an integer from 1 to ${MAX_LIST_LIMIT}` }])
  return limit
}

/** The opaque next_cursor: the position of the last key of a page. */
export function encodeCursor(key: Pick<KeyRecord, 'createdMs' | 'id'>): string {
  return Buffer.from(JSON.stringify([key.createdMs, key.id])).toString('base64url')
}

export function decodeCursor(cursor: string): { createdMs: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === 'string') {
      return { createdMs: value[0] as number, id: value[1] }
    }
  } catch {
    // Falls through to the 422 below: any undecodable cursor is the client's mistake.
  }
  throw validationFailed([{ field: 'cursor', message: 'is not a cursor returned by this server' }])
}

/** Fastify's schema errors as the contract's [{field, message}]. */
function schemaDetails(error: FastifyError): FieldError[] {
  const context = error.validationContext ?? 'body'
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>
    const path = v.instancePath.split('/').filter(Boolean)
    if (typeof params.missingProperty === 'string') path.push(params.missingProperty)
    if (typeof params.additionalProperty === 'string') {
      return { field: [...path, params.additionalProperty].join('.'), message: 'is not a known field' }
    }
    const message = (v.message ?? 'is invalid').replace(/^must be (\w+),(\w+)$/, 'must be $1 or $2')
    return { field: path.length > 0 ? path.join('.') : context, message }
  })
}

/** Any error a request ends in, as the contract's error; `bodyLimit` is the server's, in bytes. */
export function toReplyError(error: unknown, bodyLimit: number): ReplyError {
  if (error instanceof ReplyError) return error
  const e = error as FastifyError
  if (e.validation) return validationFailed(schemaDetails(e))
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ReplyError('PAYLOAD_TOO_LARGE', `The request body is larger than ${bodyLimit / 1024} KiB.`)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ReplyError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be JSON (Content-Type: application/json).')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ReplyError('INVALID_JSON', 'The request body is not valid JSON.')
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new ReplyError('BAD_REQUEST', 'The request could not be understood.')
  }
  return new ReplyError('INTERNAL_ERROR', 'The server failed to handle the request.')
}
