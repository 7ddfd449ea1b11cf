/**
 * Token API v1 client on undici: one pool per origin, a deadline per request, retries only for
 * idempotent requests, every failure a typed ApiError that maps to a KeywardError a user can act on.
 */
import { setImmediate } from 'node:timers/promises'
import { Agent, interceptors, type Dispatcher, type RetryHandler } from 'undici'
import { z } from 'zod'
import type { ApiKey, Organization, Scope, SecretPrefix, TokenStatus } from '../shared/models'
import type { ErrorCode } from '../shared/errors'
import { KeywardError } from './errors'
import { invalidCredentialMessage, rateLimitedMessage, retryAfterSeconds, serverProblemMessage } from './http-failure'
import { ParsedListBuilder } from './health'
import { TOKEN_ID_RE } from '../shared/token-format'

export const DEFAULT_DEADLINE_MS = 15_000
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000
const PAGE_SIZE = 1000
/** Retry-After longer than this is surfaced to the user instead of waited out. */
const MAX_RETRY_WAIT_MS = 5_000
const RETRY_STATUS = [429, 502, 503, 504]
const RETRY_ERROR_CODES = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']
const RETRY_METHODS = ['GET', 'DELETE']

export type ApiErrorKind =
  | 'InvalidApiKey'
  | 'OrganizationSuspended'
  | 'InsufficientScope'
  | 'IpNotAllowed'
  | 'NotFound'
  | 'Validation'
  | 'KeyNotActive'
  | 'KeyAlreadyRotated'
  | 'IpRangeNotHeld'
  | 'ExpiryBeyondCaller'
  | 'RateLimited'
  | 'Network'
  | 'Timeout'
  | 'Server'

/** A failed Token API call: HTTP status (0 for network/timeout), the API's error code and extras. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: {
      readonly requiredScope?: string
      readonly retryAfterSeconds?: number
      readonly details?: readonly { readonly field: string; readonly message: string }[]
      readonly successorId?: string
      readonly latestExpiresAt?: string
    } = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** The error as it crosses IPC. */
  toKeywardError(): KeywardError {
    const code: ErrorCode = (() => {
      switch (this.kind) {
        case 'InvalidApiKey':
          return 'INVALID_API_KEY'
        case 'OrganizationSuspended':
          return 'ORGANIZATION_SUSPENDED'
        case 'InsufficientScope':
          return 'INSUFFICIENT_SCOPE'
        case 'IpNotAllowed':
          return 'IP_NOT_ALLOWED'
        case 'NotFound':
          return 'NOT_FOUND'
        case 'Validation':
          return 'VALIDATION_FAILED'
        case 'KeyNotActive':
          return 'KEY_NOT_ACTIVE'
        case 'KeyAlreadyRotated':
          return 'KEY_ALREADY_ROTATED'
        case 'IpRangeNotHeld':
          return 'IP_RANGE_NOT_HELD'
        case 'ExpiryBeyondCaller':
          return 'EXPIRY_BEYOND_CALLER'
        case 'RateLimited':
          return 'RATE_LIMITED'
        case 'Network':
          return 'NETWORK'
        case 'Timeout':
          return 'TIMEOUT'
        case 'Server':
          return 'SERVER'
      }
    })()
    return new KeywardError(code, this.message, {
      ...(this.extra.details ? { details: this.extra.details } : {}),
      ...(this.extra.requiredScope ? { requiredScope: this.extra.requiredScope } : {}),
      ...(this.extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.extra.retryAfterSeconds } : {}),
      ...(this.extra.successorId ? { successorId: this.extra.successorId } : {}),
      ...(this.extra.latestExpiresAt ? { latestExpiresAt: this.extra.latestExpiresAt } : {}),
    })
  }
}

/** Turns an error into a KeywardError (ApiErrors mapped, others passed through). */
export function toKeywardError(error: unknown): unknown {
  return error instanceof ApiError ? error.toKeywardError() : error
}

// --- response schemas -------------------------------------------------------------------------

const environmentSchema = z.enum(['dev', 'staging', 'prod'])
const wireKey = z.object({
  // A malformed id (e.g. `credential`) from a hostile server must never name a keychain account.
  id: z.string().regex(TOKEN_ID_RE),
  name: z.string(),
  prefix: z.enum(['sk_test_', 'sk_live_']),
  hint: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
  last_used: z.string().nullable(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
  allowed_ips: z.array(z.string()).optional().default([]),
  successor_id: z.string().nullable().optional(),
})
type WireKey = z.infer<typeof wireKey>
const wireOrg = z.object({ id: z.string(), name: z.string(), environment: environmentSchema, status: z.enum(['active', 'suspended']) })
const meResponse = z.object({ key: wireKey, organization: wireOrg })
const scopesResponse = z.array(z.object({ name: z.string(), description: z.string() }))
const createdKey = wireKey.extend({ secret: z.string() })
const errorBody = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    required_scope: z.string().optional(),
    successor_id: z.string().regex(TOKEN_ID_RE).optional().catch(undefined),
    expires_at: z.string().optional().catch(undefined),
    allowed_ips: z.array(z.string()).optional().catch(undefined),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
})

export interface Me {
  readonly key: ApiKey
  readonly organization: Organization
}

export interface CreatedKey {
  readonly key: ApiKey
  readonly secret: string
}

function fromWire(k: WireKey): ApiKey {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    hint: k.hint,
    scopes: k.scopes,
    createdAt: k.created_at,
    lastUsed: k.last_used,
    expiresAt: k.expires_at,
    revokedAt: k.revoked_at,
    status: k.status,
    allowedIps: k.allowed_ips,
    successorId: k.successor_id ?? null,
  }
}

const STATUSES: ReadonlySet<string> = new Set(['active', 'expired', 'revoked'])
const isStr = (v: unknown): v is string => typeof v === 'string'
const isStrOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string'

/**
 * A cheap structural check + camelCase copy for list items: the list path handles 10,000 keys and
 * is benchmarked against bare JSON.parse, so it avoids a schema library's per-item cost.
 */
function listItem(raw: unknown, index: number): ApiKey {
  const k = raw as Record<string, unknown> | null
  if (
    k === null ||
    typeof k !== 'object' ||
    !isStr(k.id) ||
    !TOKEN_ID_RE.test(k.id) ||
    !isStr(k.name) ||
    (k.prefix !== 'sk_test_' && k.prefix !== 'sk_live_') ||
    !isStr(k.hint) ||
    !Array.isArray(k.scopes) ||
    !isStr(k.created_at) ||
    !isStrOrNull(k.last_used) ||
    !isStrOrNull(k.expires_at) ||
    !isStrOrNull(k.revoked_at) ||
    !isStr(k.status) ||
    !STATUSES.has(k.status)
  ) {
    throw new ApiError('Server', 200, 'BAD_RESPONSE', `The Token API sent a key list Keyward does not understand (item ${index}).`)
  }
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix as SecretPrefix,
    hint: k.hint,
    scopes: k.scopes as string[],
    createdAt: k.created_at,
    lastUsed: k.last_used,
    expiresAt: k.expires_at,
    revokedAt: k.revoked_at,
    status: k.status as TokenStatus,
    allowedIps: Array.isArray(k.allowed_ips) ? (k.allowed_ips as string[]) : [],
    successorId: isStr(k.successor_id) ? k.successor_id : null,
  }
}

// --- transport ----------------------------------------------------------------------------------

/** Gives up at once when the server asks for a longer wait than a user should sit through. */
const retryDecision: RetryHandler.RetryCallback = (error, { state, opts }, cb) => {
  // undici's retry errors carry these beside Error's own fields.
  const err = error as Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[] | undefined> }
  const maxRetries = opts.retryOptions?.maxRetries ?? 2
  if (err.code && err.code !== 'UND_ERR_REQ_RETRY' && !RETRY_ERROR_CODES.includes(err.code)) return cb(err)
  if (!RETRY_METHODS.includes(String(opts.method))) return cb(err)
  if (err.statusCode != null && !RETRY_STATUS.includes(err.statusCode)) return cb(err)
  if (state.counter > maxRetries) return cb(err)
  const header = err.headers?.['retry-after']
  const seconds = typeof header === 'string' ? Number(header) : NaN
  let wait = 250 * 2 ** (state.counter - 1)
  if (Number.isFinite(seconds) && seconds >= 0) {
    if (seconds * 1000 > MAX_RETRY_WAIT_MS) return cb(err)
    wait = seconds * 1000
  }
  setTimeout(() => cb(null), wait).unref()
}

export interface ClientOptions {
  readonly deadlineMs?: number
  readonly connectTimeoutMs?: number
  readonly maxRetries?: number
}

/** One undici pool per origin (per client options), shared by every profile on that origin. */
const dispatchers = new Map<string, Dispatcher>()

/** The pool for an origin; provider adapters share it (core/providers/http.ts). */
export function dispatcherFor(origin: string, options: ClientOptions): Dispatcher {
  const key = `${origin}|${options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS}|${options.maxRetries ?? 2}`
  let d = dispatchers.get(key)
  if (!d) {
    d = new Agent({ connect: { timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS }, connections: 8 }).compose(
      interceptors.retry({
        maxRetries: options.maxRetries ?? 2,
        throwOnError: false,
        // The same lists retryDecision checks: the callback replaces undici's default decision.
        methods: [...RETRY_METHODS],
        statusCodes: RETRY_STATUS,
        errorCodes: RETRY_ERROR_CODES,
        retry: retryDecision,
      }),
    )
    dispatchers.set(key, d)
  }
  return d
}

/** Closes every pool (tests, shutdown). */
export async function closeAllPools(): Promise<void> {
  const all = [...dispatchers.values()]
  dispatchers.clear()
  await Promise.all(all.map((d) => d.close().catch(() => {})))
}

function errorFromResponse(status: number, body: unknown, retryAfter: string | undefined, host: string): ApiError {
  const parsed = errorBody.safeParse(body)
  const code = parsed.success ? parsed.data.error.code : `HTTP_${status}`
  const serverMessage = parsed.success ? parsed.data.error.message : undefined
  if (status === 401) {
    return new ApiError('InvalidApiKey', status, code, invalidCredentialMessage(null))
  }
  if (status === 403 && code === 'ORGANIZATION_SUSPENDED') {
    return new ApiError('OrganizationSuspended', status, code, 'The organization of this profile is suspended. Ask its administrator to reactivate it.')
  }
  if (status === 403 && code === 'INSUFFICIENT_SCOPE') {
    const scope = parsed.success ? parsed.data.error.required_scope : undefined
    return new ApiError(
      'InsufficientScope',
      status,
      code,
      scope
        ? `The credential of this profile lacks the scope "${scope}". Use a credential that has it.`
        : 'The credential of this profile lacks a scope this action needs.',
      scope ? { requiredScope: scope } : {},
    )
  }
  if (status === 403 && code === 'IP_NOT_ALLOWED') {
    return new ApiError('IpNotAllowed', status, code, 'This credential may not be used from this network address (IP allowlist).')
  }
  if (status === 403 && code === 'IP_RANGE_NOT_HELD') {
    const ranges = parsed.success ? parsed.data.error.allowed_ips : undefined
    return new ApiError(
      'IpRangeNotHeld',
      status,
      code,
      `The credential of this profile may only be used from ${ranges?.length ? ranges.join(', ') : 'some addresses'}, so the tokens it creates or rotates must be limited to addresses inside those ranges. Use a credential without an IP allowlist, or limit the token to those ranges.`,
    )
  }
  if (status === 403 && code === 'EXPIRY_BEYOND_CALLER') {
    const end = parsed.success ? parsed.data.error.expires_at : undefined
    return new ApiError(
      'ExpiryBeyondCaller',
      status,
      code,
      `The credential of this profile expires${end ? ` at ${end}` : ''}, so the tokens it creates or rotates must expire no later. Choose an earlier expiry${end ? ` (at or before ${end})` : ''}, or use a credential that lives longer.`,
      end ? { latestExpiresAt: end } : {},
    )
  }
  if (status === 404) return new ApiError('NotFound', status, code, 'The token was not found. It may belong to another organization or have been deleted.')
  if (status === 409 && code === 'KEY_ALREADY_ROTATED') {
    const successor = parsed.success ? parsed.data.error.successor_id : undefined
    return new ApiError(
      'KeyAlreadyRotated',
      status,
      code,
      `This token was already rotated${successor ? `: its replacement is ${successor}` : ''}. It keeps working until its grace period ends; rotate the replacement instead.`,
      successor ? { successorId: successor } : {},
    )
  }
  if (status === 408) {
    return new ApiError('Timeout', status, code, `${host} gave up waiting for the request to arrive (HTTP 408). Nothing was changed; check your connection and try again.`)
  }
  if (status === 409) return new ApiError('KeyNotActive', status, code, 'This token is no longer active (expired or revoked), so it cannot be rotated.')
  if (status === 422 || status === 400 || status === 413) {
    const details = parsed.success ? parsed.data.error.details : undefined
    const summary = details?.length ? details.map((d) => `${d.field}: ${d.message}`).join('; ') : (serverMessage ?? 'The request was rejected.')
    return new ApiError('Validation', status, code, `The Token API rejected the request: ${summary}`, details ? { details } : {})
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter)
    return new ApiError('RateLimited', status, code, rateLimitedMessage(host, seconds), seconds !== undefined ? { retryAfterSeconds: seconds } : {})
  }
  if (status === 403) return new ApiError('InsufficientScope', status, code, serverMessage ?? 'The Token API refused this action.')
  return new ApiError('Server', status, code, serverProblemMessage('Token API', host, status))
}

/** A transport failure as an ApiError naming the host only (never a header or body). */
export function transportError(error: unknown, host: string, deadlineMs: number): ApiError {
  const name = error instanceof Error ? error.name : ''
  const code = (error as { code?: string } | null)?.code
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ApiError('Timeout', 0, 'TIMEOUT', `${host} did not answer within ${Math.round(deadlineMs / 1000)} s. Check your connection and try again.`)
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new ApiError('Timeout', 0, 'TIMEOUT', `Could not connect to ${host} in time. Check your connection and the profile’s base URL.`)
  }
  return new ApiError('Network', 0, code ?? 'NETWORK', `Could not reach ${host}${code ? ` (${code})` : ''}. Check your connection and the profile’s base URL.`)
}

/**
 * The cursor of the page a `Link` header names as `rel="next"` (RFC 8288), or null. Only the
 * `cursor` query parameter is read: the client never sends its credential to a URL a server names.
 */
export function nextCursorFromLink(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header.join(', ') : header
  if (!value) return null
  // Each link is `<uri>; param; param…`, links separated by commas (a comma may sit in the uri).
  for (const [, uri, params] of value.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = (params as string).split(';').map((p) => /^\s*rel\s*=\s*"?([^"]*)"?[\s,]*$/i.exec(p)?.[1]).find((r) => r !== undefined)
    if (!rel?.toLowerCase().split(/\s+/).includes('next')) continue
    const query = (uri as string).split('#')[0]?.split('?')[1]
    return (query && new URLSearchParams(query).get('cursor')) || null
  }
  return null
}

/** A response asked for and then not wanted: its body is drained so the connection is free again. */
function discard(pending: Promise<Dispatcher.ResponseData> | null): void {
  pending?.then(
    (res) => res.body.dump().catch(() => {}),
    () => {},
  )
}

/** A Token API v1 client bound to one base URL and credential. */
export class TokenApiClient {
  private readonly origin: string
  private readonly basePath: string
  private readonly host: string
  private readonly dispatcher: Dispatcher
  private readonly deadlineMs: number

  constructor(
    baseUrl: string,
    private readonly credential: string,
    options: ClientOptions = {},
  ) {
    const url = new URL(baseUrl)
    this.origin = url.origin
    this.basePath = url.pathname.replace(/\/+$/, '')
    this.host = url.host
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS
    this.dispatcher = dispatcherFor(this.origin, options)
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    return this.receive(await this.send(method, path, body))
  }

  /** Sends a request; resolves when the response's head has arrived (its body is for `receive`). */
  private async send(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Dispatcher.ResponseData> {
    try {
      return await this.dispatcher.request({
        origin: this.origin,
        path: this.basePath + path,
        method,
        headers: {
          authorization: `Bearer ${this.credential}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.deadlineMs),
        headersTimeout: this.deadlineMs,
        bodyTimeout: this.deadlineMs,
      })
    } catch (error) {
      throw transportError(error, this.host, this.deadlineMs)
    }
  }

  /** Reads a response's body as JSON; an error status becomes its ApiError. */
  private async receive(res: Dispatcher.ResponseData): Promise<{ status: number; json: unknown }> {
    let json: unknown
    try {
      const text = await res.body.text()
      json = text.length > 0 ? JSON.parse(text) : null
    } catch (error) {
      if (error instanceof SyntaxError) {
        throw new ApiError('Server', res.statusCode, 'BAD_RESPONSE', `${this.host} did not answer like a Token API v1 server (not JSON). Check the profile’s base URL.`)
      }
      throw transportError(error, this.host, this.deadlineMs)
    }
    if (res.statusCode >= 400) {
      const ra = res.headers['retry-after']
      throw errorFromResponse(res.statusCode, json, Array.isArray(ra) ? ra[0] : ra, this.host)
    }
    return { status: res.statusCode, json }
  }

  private data<T>(json: unknown, schema: z.ZodType<T>): T {
    const envelope = json as { success?: unknown; data?: unknown } | null
    const parsed = envelope && envelope.success === true ? schema.safeParse(envelope.data) : null
    if (!parsed?.success) {
      throw new ApiError('Server', 200, 'BAD_RESPONSE', `${this.host} did not answer like a Token API v1 server. Check the profile’s base URL.`)
    }
    return parsed.data
  }

  /** GET /v1/me: who the credential is and its organization. */
  async me(): Promise<Me> {
    const { json } = await this.call('GET', '/v1/me')
    const d = this.data(json, meResponse)
    return { key: fromWire(d.key), organization: d.organization }
  }

  async scopes(): Promise<Scope[]> {
    const { json } = await this.call('GET', '/v1/scopes')
    return this.data(json, scopesResponse)
  }

  /** Every key of the organization, following pagination to the end. */
  async listKeys(status: 'all' | TokenStatus = 'all'): Promise<ApiKey[]> {
    const out: ApiKey[] = []
    const pagePath = (cursor: string | null) => `/v1/api-keys?status=${status}&limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    // Dates are parsed as each page arrives: health and reminders then compare numbers.
    const parsed = new ParsedListBuilder()
    // Asks for a page and lets the request go out: undici writes a request on a later turn of the
    // event loop, so without that turn this page's work (or its body, already in) would come first
    // and the overlap with the server be lost (measured, docs/performance.md). Wrapped, so that
    // awaiting `ask` does not await the answer itself.
    const ask = async (cursor: string) => {
      const answer = this.send('GET', pagePath(cursor))
      answer.catch(() => {})
      await setImmediate()
      return { answer }
    }
    let pending = this.send('GET', pagePath(null))
    for (let page = 0; page < 100_000; page++) {
      const res = await pending
      // A server that names the next page in the head (Link: rel="next", as Token API v1 servers
      // since round 2 and GitHub do) has it asked for now: the server prepares it while this page's
      // body arrives and is parsed. Only the cursor is taken from the link; the request goes to this
      // profile's base URL, never to an address the server names.
      const linked = nextCursorFromLink(res.headers.link)
      let next = linked === null ? null : (await ask(linked)).answer
      try {
        const envelope = (await this.receive(res)).json as { success?: unknown; data?: unknown; next_cursor?: unknown } | null
        if (!envelope || envelope.success !== true || !Array.isArray(envelope.data) || !isStrOrNull(envelope.next_cursor ?? null)) {
          throw new ApiError('Server', 200, 'BAD_RESPONSE', `${this.host} did not answer like a Token API v1 server. Check the profile’s base URL.`)
        }
        // The body's cursor is the contract (an empty one ends the list like null): a head that
        // named another page, or none, is overruled.
        const cursor = (envelope.next_cursor as string | null | undefined) || null
        if (cursor !== linked) {
          discard(next)
          // Asked for before this page's items are checked, copied and parsed, so that work
          // overlaps the server's.
          next = cursor === null ? null : (await ask(cursor)).answer
        }
        const items = envelope.data as unknown[]
        for (let i = 0; i < items.length; i++) out.push(listItem(items[i], out.length))
      } catch (error) {
        // This page failed: the next one, if asked for, is not wanted.
        discard(next)
        throw error
      }
      if (!next) {
        parsed.finish(out)
        return out
      }
      parsed.add(out)
      pending = next
    }
    throw new ApiError('Server', 200, 'BAD_RESPONSE', 'The Token API kept paginating without end.')
  }

  async getKey(id: string): Promise<ApiKey> {
    const { json } = await this.call('GET', `/v1/api-keys/${encodeURIComponent(id)}`)
    return fromWire(this.data(json, wireKey))
  }

  async createKey(input: { name: string; scopes: readonly string[]; expiresAt: string | null }): Promise<CreatedKey> {
    const { json } = await this.call('POST', '/v1/api-keys', { name: input.name, scopes: input.scopes, expires_at: input.expiresAt })
    const d = this.data(json, createdKey)
    return { key: fromWire(d), secret: d.secret }
  }

  async revokeKey(id: string): Promise<void> {
    await this.call('DELETE', `/v1/api-keys/${encodeURIComponent(id)}`)
  }

  /** Rotates a key; `expiresAt` is the new key's expiry (null: none; left out: the API's default, none). */
  async rotateKey(id: string, gracePeriodSeconds: number, expiresAt?: string | null): Promise<CreatedKey> {
    const body = { grace_period_seconds: gracePeriodSeconds, ...(expiresAt !== undefined ? { expires_at: expiresAt } : {}) }
    const { json } = await this.call('POST', `/v1/api-keys/${encodeURIComponent(id)}/rotate`, body)
    const d = this.data(json, createdKey)
    return { key: fromWire(d), secret: d.secret }
  }
}

/** True for errors that mean "the API could not be reached" (serve the offline cache). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && (error.kind === 'Network' || error.kind === 'Timeout' || (error.kind === 'Server' && error.status >= 502))
}

