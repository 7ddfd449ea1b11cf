import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify'
import { timingSafeEqual } from 'node:crypto'
import { checkDisplayName } from '../shared/display-name'
import { checkSecret, randomBase62 } from '../shared/token-format'
import { ApiError, validationFailed, type FieldError } from './errors'
import { cidrWithin, parseCidr } from './ip-allowlist'
import { RateLimiter } from './rate-limiter'
import { DEFAULT_SCOPES, normalizeCatalog, type ScopeDefinition } from './scopes'
import { seedStore } from './seed'
import { digestOf, keyStatus, toIso, TokenStore, type KeyRecord, type KeyStatus, type OrgRecord } from './store'

export interface TokenApiOptions {
  dataDir: string
  /** 0 = a free port (default 0). */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** Requests per minute per key, default 600; 0 or Infinity disables the limit. */
  rateLimitPerMinute?: number
  /**
   * Requests per minute per client address, counted before authentication so that floods without a
   * valid key are limited too; default 6000; 0 or Infinity disables the limit.
   */
  ipRateLimitPerMinute?: number
  /** Socket timeouts in ms; the defaults (TIMEOUT_DEFAULTS) suit loopback clients. */
  timeouts?: Partial<Timeouts>
  /** Default: the catalog from the issue. api_keys:read and api_keys:write are always added. */
  scopes?: ReadonlyArray<{ name: string; description: string }>
  /** Receives secret-free log lines (method, route, status); default: none. */
  log?: (line: string) => void
}

export interface TokenApiOrganization {
  id: string
  name: string
  environment: 'dev' | 'staging' | 'prod'
  status: 'active' | 'suspended'
  /** The admin key's secret when it was just created, null on later starts. */
  admin_key: string | null
}

export interface RunningTokenApi {
  /** http://127.0.0.1:<port> */
  url: string
  operatorToken: string
  organizations: TokenApiOrganization[]
  /** Every route the server answers, as "METHOD /path/{param}"; the OpenAPI test reads it. */
  routes: readonly string[]
  /** Test/bench helper, not over HTTP: inserts many keys at once (one durable write), returns their ids and secrets. */
  bulkInsertKeys(
    orgId: string,
    specs: ReadonlyArray<{
      name: string
      scopes: string[]
      createdAt?: string
      lastUsed?: string | null
      expiresAt?: string | null
      revokedAt?: string | null
    }>,
  ): Promise<Array<{ id: string; secret: string }>>
  close(): Promise<void>
}

type KeyedRequest = FastifyRequest & { caller: KeyRecord | null }

export interface Timeouts {
  /** The whole request, headers and body, must arrive within this (Node answers 408 otherwise). */
  readonly requestMs: number
  /** A socket with no traffic for this long is closed. */
  readonly connectionMs: number
  /** An idle keep-alive connection is closed after this; announced to clients as Keep-Alive: timeout. */
  readonly keepAliveMs: number
}

export const TIMEOUT_DEFAULTS: Timeouts = { requestMs: 30_000, connectionMs: 30_000, keepAliveMs: 5_000 }

const DAY_MS = 24 * 60 * 60 * 1000
const MAX_EXPIRY_DAYS = 366
const MAX_GRACE_SECONDS = 604_800
const BODY_LIMIT = 64 * 1024
// Strict ISO-8601 date-time with an explicit zone, so "tomorrow" or a bare date never slips through.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

function keyJson(key: KeyRecord, now: number) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    hint: key.hint,
    scopes: key.scopes,
    created_at: key.createdIso,
    last_used: toIso(key.lastUsedMs),
    expires_at: toIso(key.expiresMs),
    revoked_at: toIso(key.revokedMs),
    status: keyStatus(key, now),
    allowed_ips: key.allowedIps,
  }
}

function orgJson(org: OrgRecord) {
  return { id: org.id, name: org.name, environment: org.environment, status: org.status }
}

function invalidKey(message: string): ApiError {
  return new ApiError('INVALID_API_KEY', message, {}, { 'WWW-Authenticate': 'Bearer' })
}

/** The token after "Bearer ", or a 401 explaining what is wrong with the header. */
function bearerToken(header: string | undefined): string {
  if (!header) throw invalidKey('Missing Authorization header; send "Authorization: Bearer <key>".')
  const match = /^Bearer +(\S.*)$/i.exec(header)
  if (!match) throw invalidKey('The Authorization header must use the Bearer scheme: "Authorization: Bearer <key>".')
  return (match[1] as string).trim()
}

function parseExpiry(value: string | null | undefined, now: number, field: string, details: FieldError[]): number | null {
  if (value === undefined || value === null) return null
  const ms = Date.parse(value)
  if (!ISO_DATE_TIME.test(value) || Number.isNaN(ms)) {
    details.push({ field, message: 'must be an ISO-8601 date-time with a time zone, e.g. 2027-01-31T00:00:00Z' })
  } else if (ms <= now) {
    details.push({ field, message: 'must be in the future' })
  } else if (ms > now + MAX_EXPIRY_DAYS * DAY_MS) {
    details.push({ field, message: `must be at most ${MAX_EXPIRY_DAYS} days ahead` })
  }
  return ms
}

function encodeCursor(key: KeyRecord): string {
  return Buffer.from(JSON.stringify([key.createdMs, key.id])).toString('base64url')
}

function decodeCursor(cursor: string): { createdMs: number; id: string } {
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

/** Turns Fastify's schema errors into the contract's [{field, message}]. */
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

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  const e = error as FastifyError
  if (e.validation) return validationFailed(schemaDetails(e))
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${BODY_LIMIT / 1024} KiB.`)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be JSON (Content-Type: application/json).')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('INVALID_JSON', 'The request body is not valid JSON.')
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new ApiError('BAD_REQUEST', 'The request could not be understood.')
  }
  return new ApiError('INTERNAL_ERROR', 'The server failed to handle the request.')
}

/** The `{id}` path parameter of the key and organization routes. */
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const

const expiresAtSchema = { type: ['string', 'null'], maxLength: 64 } as const

interface CreateBody {
  name: string
  scopes: string[]
  expires_at?: string | null
  allowed_ips?: string[]
}

interface RotateBody {
  expires_at?: string | null
  grace_period_seconds?: number
}

interface ListQuerystring {
  status?: KeyStatus | 'all'
  limit?: string
  cursor?: string
}

/** Starts the Token API v1 reference server on loopback (by default) over the state in dataDir. */
export async function startTokenApi(options: TokenApiOptions): Promise<RunningTokenApi> {
  const catalog: ScopeDefinition[] = normalizeCatalog(options.scopes ?? DEFAULT_SCOPES)
  const catalogNames = new Set(catalog.map((s) => s.name))
  const log = options.log
  const { store, fresh } = await TokenStore.open(options.dataDir)
  const adminKeys = new Map<string, string>()
  // Seeded in memory now, written only once the port is bound: a caller that retries on another
  // port after EADDRINUSE then still gets a fresh start with its admin keys, not a half-used dir.
  if (fresh) for (const seeded of seedStore(store, catalog, Date.now())) adminKeys.set(seeded.id, seeded.adminKey)
  // Not persisted: a new operator token every start keeps the data directory free of secrets.
  const operatorToken = `op_${randomBase62(40)}`
  const operatorDigest = digestOf(operatorToken)
  const limiter = new RateLimiter(options.rateLimitPerMinute ?? 600)
  const ipLimiter = new RateLimiter(options.ipRateLimitPerMinute ?? 6000)
  const routes: string[] = []
  const timeouts: Timeouts = { ...TIMEOUT_DEFAULTS, ...options.timeouts }

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    exposeHeadRoutes: false,
    // A client that holds its body back must not hold a connection (and a checked key) forever.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // Node checks request timeouts on this interval (default 30 s, which would double the timeout).
    http: { connectionsCheckingInterval: Math.min(1000, timeouts.requestMs), headersTimeout: Math.min(10_000, timeouts.requestMs) },
    clientErrorHandler: (error, socket) => {
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) return
      const api =
        (error as NodeJS.ErrnoException).code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new ApiError('REQUEST_TIMEOUT', `The request did not arrive within ${timeouts.requestMs / 1000} s.`)
          : new ApiError('BAD_REQUEST', 'The request could not be understood.')
      const body = JSON.stringify({ success: false, error: { code: api.code, message: api.message } })
      const reason = api.status === 408 ? 'Request Timeout' : 'Bad Request'
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${api.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        )
      }
      socket.destroy()
    },
    // Bodies are validated as sent: no coercion of "5" into 5, no silent dropping of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true } },
  })

  // A declared decorator keeps request objects one shape (faster than a side table on the hot path).
  app.decorateRequest('caller', null)

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) routes.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`)
  })

  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    // An empty body with a JSON content type is common from clients (DELETE, rotate); treat it as absent.
    if (typeof body !== 'string' || body.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(body))
    } catch {
      done(new ApiError('INVALID_JSON', 'The request body is not valid JSON.'), undefined)
    }
  })

  app.setErrorHandler((error, _request, reply) => {
    const api = toApiError(error)
    if (api.code === 'INTERNAL_ERROR') log?.(`internal error: ${(error as Error).name}: ${(error as Error).message}`)
    void reply
      .code(api.status)
      .headers(api.headers)
      .send({ success: false, error: { code: api.code, message: api.message, ...api.extra } })
  })

  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send({ success: false, error: { code: 'NOT_FOUND', message: 'No such route.' } })
  })

  // Before authentication and routing: a flood without a valid key (or to no route) is limited too.
  app.addHook('onRequest', (request, _reply, done) => {
    const retryAfter = ipLimiter.hit(request.ip, Date.now())
    if (retryAfter === null) return done()
    done(new ApiError('RATE_LIMITED', 'Too many requests from this address; retry later.', {}, { 'Retry-After': String(retryAfter) }))
  })

  if (log) {
    app.addHook('onResponse', async (request, reply) => {
      log(`${request.method} ${request.routeOptions.url ?? '(no route)'} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`)
    })
  }

  /** Refuses a key that is revoked or expired, of a suspended organization, or used from outside its allowlist. */
  const checkStanding = (key: KeyRecord, ip: string, now: number): void => {
    const status = keyStatus(key, now)
    if (status === 'revoked') throw invalidKey('The API key has been revoked.')
    if (status === 'expired') throw invalidKey('The API key has expired.')
    const org = store.organization(key.orgId) as OrgRecord
    if (org.status === 'suspended') throw new ApiError('ORGANIZATION_SUSPENDED', 'The organization of this API key is suspended.')
    if (!key.allows(ip)) throw new ApiError('IP_NOT_ALLOWED', 'This API key may not be used from this address.')
  }

  /** Checks the key in the order of the contract; returns the caller's key or throws the error to send. */
  const authenticate = (request: FastifyRequest, scope: string | undefined): KeyRecord => {
    const checked = checkSecret(bearerToken(request.headers.authorization))
    if (!checked.ok) throw invalidKey(`The API key is malformed: ${checked.message}`)
    const key = store.findBySecretDigest(digestOf(checked.secret))
    if (!key) throw invalidKey('The API key is not recognized.')
    const now = Date.now()
    // Before use is recorded: a holder outside the allowlist must neither keep last_used fresh
    // (hiding the stale warning) nor spend the real user's rate limit.
    checkStanding(key, request.ip, now)
    store.markUsed(key, now)
    const retryAfter = limiter.hit(key.id, now)
    if (retryAfter !== null) {
      throw new ApiError('RATE_LIMITED', 'Too many requests for this API key; retry later.', {}, { 'Retry-After': String(retryAfter) })
    }
    if (scope !== undefined && !key.scopeSet.has(scope)) {
      throw new ApiError('INSUFFICIENT_SCOPE', `This API key lacks the ${scope} scope.`, { required_scope: scope })
    }
    return key
  }

  // Route-level onRequest hooks: authentication runs before the body is read, so a caller without
  // access learns nothing from parse or validation errors. Callback style because /v1/me is benchmarked.
  const keyAuth =
    (scope?: string) =>
    (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
      try {
        const keyed = request as KeyedRequest
        keyed.caller = authenticate(request, scope)
      } catch (e) {
        return done(e as Error)
      }
      done()
    }

  // The key was checked before the body was read, and a body can take long to arrive: a key revoked
  // (or an organization suspended) meanwhile must not go on to create, rotate or revoke anything.
  const recheck = (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    try {
      checkStanding(callerOf(request), request.ip, Date.now())
    } catch (e) {
      return done(e as Error)
    }
    done()
  }

  const operatorAuth = (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    try {
      if (!timingSafeEqual(digestOf(bearerToken(request.headers.authorization)), operatorDigest)) {
        throw invalidKey('This route needs the operator token.')
      }
    } catch (e) {
      return done(e as Error)
    }
    done()
  }

  /** Makes the in-memory change durable, or undoes it and fails the request (500) when the write fails. */
  const durably = async (undo: () => void): Promise<void> => {
    try {
      await store.persist()
    } catch (e) {
      undo()
      throw e
    }
  }

  const callerOf = (request: FastifyRequest): KeyRecord => (request as KeyedRequest).caller as KeyRecord

  /** A key of the caller's organization; another organization's key is as absent as a missing one. */
  const ownKey = (caller: KeyRecord, id: string): KeyRecord => {
    const key = store.key(id)
    if (!key || key.orgId !== caller.orgId) throw new ApiError('NOT_FOUND', `No API key ${id} in this organization.`)
    return key
  }

  const requireScopes = (caller: KeyRecord, scopes: readonly string[], verb = 'grant'): void => {
    const missing = scopes.find((s) => !caller.scopeSet.has(s))
    if (missing !== undefined) {
      throw new ApiError('INSUFFICIENT_SCOPE', `A key cannot ${verb} the ${missing} scope it does not hold itself.`, { required_scope: missing })
    }
  }

  /** A key limited to some addresses may only hand out keys limited to addresses inside them. */
  const requireReach = (caller: KeyRecord, allowedIps: readonly string[]): void => {
    if (caller.allowedIps.length === 0) return
    const outside = allowedIps.length === 0 ? 'any address (empty allowed_ips)' : allowedIps.find((c) => !caller.allowedIps.some((o) => cidrWithin(c, o)))
    if (outside === undefined) return
    throw new ApiError(
      'IP_RANGE_NOT_HELD',
      `This API key may only be used from ${caller.allowedIps.join(', ')}, so the keys it creates or rotates must be limited to ` +
        `addresses inside those ranges; ${outside} is not.`,
      { allowed_ips: caller.allowedIps },
    )
  }

  /** A key that expires may only hand out keys that expire no later than it does. */
  const requireLife = (caller: KeyRecord, expiresMs: number | null): void => {
    if (caller.expiresMs === null || (expiresMs !== null && expiresMs <= caller.expiresMs)) return
    const end = toIso(caller.expiresMs)
    throw new ApiError(
      'EXPIRY_BEYOND_CALLER',
      `This API key expires at ${end}, so the keys it creates or rotates must expire by then: give an expires_at at or before ${end}.`,
      { expires_at: end },
    )
  }

  app.get('/v1/me', { onRequest: keyAuth() }, async (request) => {
    const caller = callerOf(request)
    return { success: true, data: { key: keyJson(caller, Date.now()), organization: orgJson(store.organization(caller.orgId) as OrgRecord) } }
  })

  app.get('/v1/scopes', { onRequest: keyAuth() }, async () => ({ success: true, data: catalog }))

  app.get<{ Querystring: ListQuerystring }>(
    '/v1/api-keys',
    {
      onRequest: keyAuth('api_keys:read'),
      schema: {
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['active', 'expired', 'revoked', 'all'] },
            limit: { type: 'string', maxLength: 10 },
            cursor: { type: 'string', minLength: 1, maxLength: 500 },
          },
        },
      },
    },
    async (request) => {
      const caller = callerOf(request)
      const { status = 'all', cursor } = request.query
      let limit = 100
      if (request.query.limit !== undefined) {
        limit = /^\d+$/.test(request.query.limit) ? Number(request.query.limit) : NaN
        if (!(limit >= 1 && limit <= 1000)) throw validationFailed([{ field: 'limit', message: 'must be an integer from 1 to 1000' }])
      }
      const now = Date.now()
      const page = store.list(caller.orgId, { status, limit, cursor: cursor === undefined ? null : decodeCursor(cursor) }, now)
      const last = page.items[page.items.length - 1]
      return {
        success: true,
        data: page.items.map((k) => keyJson(k, now)),
        next_cursor: page.more && last ? encodeCursor(last) : null,
      }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/v1/api-keys/:id',
    { onRequest: keyAuth('api_keys:read'), schema: { params: idParams } },
    async (request) => ({ success: true, data: keyJson(ownKey(callerOf(request), request.params.id), Date.now()) }),
  )

  app.post<{ Body: CreateBody }>(
    '/v1/api-keys',
    {
      onRequest: keyAuth('api_keys:write'),
      preHandler: recheck,
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'scopes'],
          properties: {
            name: { type: 'string', maxLength: 1000 },
            scopes: { type: 'array', minItems: 1, maxItems: 200, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 200 } },
            expires_at: expiresAtSchema,
            allowed_ips: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 64 } },
          },
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request)
      const body = request.body
      const now = Date.now()
      const details: FieldError[] = []
      const checkedName = checkDisplayName(body.name)
      if (!checkedName.ok) details.push({ field: 'name', message: checkedName.message })
      const unknown = body.scopes.filter((s) => !catalogNames.has(s))
      if (unknown.length > 0) details.push({ field: 'scopes', message: `not in the scope catalog: ${unknown.join(', ')}` })
      const expiresMs = parseExpiry(body.expires_at, now, 'expires_at', details)
      const allowedIps: string[] = []
      for (const [i, raw] of (body.allowed_ips ?? []).entries()) {
        const cidr = parseCidr(raw)
        if (cidr === null) details.push({ field: `allowed_ips.${i}`, message: 'must be an IPv4 or IPv6 address or CIDR range' })
        else if (!allowedIps.includes(cidr)) allowedIps.push(cidr)
      }
      if (!checkedName.ok || details.length > 0) throw validationFailed(details)
      requireScopes(caller, body.scopes)
      requireReach(caller, allowedIps)
      requireLife(caller, expiresMs)
      const [minted] = store.mintKeys(caller.orgId, [{ name: checkedName.name, scopes: body.scopes, createdMs: now, expiresMs, allowedIps }])
      const { key, secret } = minted as { key: KeyRecord; secret: string }
      await durably(() => store.removeKey(key))
      return reply.code(201).send({ success: true, data: { ...keyJson(key, now), secret } })
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/v1/api-keys/:id',
    { onRequest: keyAuth('api_keys:write'), preHandler: recheck, schema: { params: idParams } },
    async (request) => {
      const caller = callerOf(request)
      const key = ownKey(caller, request.params.id)
      // Revoking a key can cut off whatever depends on it: only a key at least as powerful may do it.
      requireScopes(caller, key.scopes, 'revoke a key with')
      if (key.revokedMs === null) {
        key.revokedMs = Date.now()
        await durably(() => (key.revokedMs = null))
      }
      return { success: true, message: 'API key revoked successfully' }
    },
  )

  app.post<{ Params: { id: string }; Body: RotateBody | undefined }>(
    '/v1/api-keys/:id/rotate',
    {
      onRequest: keyAuth('api_keys:write'),
      preHandler: recheck,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            expires_at: expiresAtSchema,
            grace_period_seconds: { type: 'integer', minimum: 0, maximum: MAX_GRACE_SECONDS },
          },
        },
      },
      // The body is optional: a bare POST rotates with the defaults.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {}
      },
    },
    async (request, reply) => {
      const caller = callerOf(request)
      const old = ownKey(caller, request.params.id)
      const now = Date.now()
      if (keyStatus(old, now) !== 'active') {
        throw new ApiError('KEY_NOT_ACTIVE', `API key ${old.id} is ${keyStatus(old, now)} and cannot be rotated.`)
      }
      // A key in its grace period is still active; rotating it again would leave two live successors.
      if (old.successorId !== null) {
        throw new ApiError('KEY_ALREADY_ROTATED', `API key ${old.id} was already rotated; rotate its successor ${old.successorId} instead.`, {
          successor_id: old.successorId,
        })
      }
      const body = request.body ?? {}
      const details: FieldError[] = []
      const expiresMs = parseExpiry(body.expires_at, now, 'expires_at', details)
      if (details.length > 0) throw validationFailed(details)
      // Rotation hands out a secret with the old key's scopes, so the same no-escalation rule as create applies.
      requireScopes(caller, old.scopes)
      requireReach(caller, old.allowedIps)
      requireLife(caller, expiresMs)
      const grace = body.grace_period_seconds ?? 0
      const [minted] = store.mintKeys(caller.orgId, [{ name: old.name, scopes: old.scopes, createdMs: now, expiresMs, allowedIps: old.allowedIps }])
      const { key, secret } = minted as { key: KeyRecord; secret: string }
      // A grace period only ever shortens the old key's life, never extends an earlier expiry.
      const end = now + grace * 1000
      const previous = { expiresMs: old.expiresMs, revokedMs: old.revokedMs }
      old.expiresMs = old.expiresMs === null ? end : Math.min(old.expiresMs, end)
      if (grace === 0) old.revokedMs = now
      // Set before the first await, so a concurrent rotation of the same key sees it and gets 409.
      old.successorId = key.id
      // A failed rotation must not leave the caller with a revoked old key and no new secret.
      await durably(() => {
        store.removeKey(key)
        old.expiresMs = previous.expiresMs
        old.revokedMs = previous.revokedMs
        old.successorId = null
      })
      return reply.code(201).send({ success: true, data: { ...keyJson(key, now), secret } })
    },
  )

  for (const action of ['suspend', 'resume'] as const) {
    app.post<{ Params: { id: string } }>(
      `/v1/operator/organizations/:id/${action}`,
      {
        onRequest: operatorAuth,
        schema: { params: idParams },
      },
      async (request) => {
        const org = store.organization(request.params.id)
        if (!org) throw new ApiError('NOT_FOUND', `No organization ${request.params.id}.`)
        const status = action === 'suspend' ? 'suspended' : 'active'
        if (org.status !== status) {
          const previous = org.status
          org.status = status
          await durably(() => (org.status = previous))
        }
        return { success: true, data: orgJson(org) }
      },
    )
  }

  const flushTimer = setInterval(() => {
    limiter.prune(Date.now())
    ipLimiter.prune(Date.now())
    store.flushUsage().catch((e: unknown) => log?.(`failed to save last_used times: ${(e as Error).message}`))
  }, 1000)
  flushTimer.unref()

  try {
    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' })
    if (fresh) await store.persist()
  } catch (e) {
    clearInterval(flushTimer)
    await app.close()
    throw e
  }
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('The Token API did not bind a TCP port.')
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  log?.(`Token API v1 listening on ${url}`)

  let closing: Promise<void> | null = null
  return {
    url,
    operatorToken,
    routes,
    organizations: store.organizations().map((org) => ({ ...orgJson(org), admin_key: adminKeys.get(org.id) ?? null })),
    async bulkInsertKeys(orgId, specs) {
      const now = Date.now()
      const ms = (s: string | null | undefined): number | null => {
        if (s === undefined || s === null) return null
        const value = Date.parse(s)
        if (Number.isNaN(value)) throw new Error(`bulkInsertKeys: ${s} is not an ISO-8601 time`)
        return value
      }
      const minted = store.mintKeys(
        orgId,
        specs.map((s) => ({
          name: s.name,
          scopes: s.scopes,
          createdMs: ms(s.createdAt) ?? now,
          lastUsedMs: ms(s.lastUsed),
          expiresMs: ms(s.expiresAt),
          revokedMs: ms(s.revokedAt),
        })),
      )
      await store.persist()
      return minted.map(({ key, secret }) => ({ id: key.id, secret }))
    },
    close() {
      closing ??= (async () => {
        clearInterval(flushTimer)
        await app.close()
        await store.flushUsage()
      })()
      return closing
    },
  }
}
