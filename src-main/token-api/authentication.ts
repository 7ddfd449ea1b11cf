import type { FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify'
import { timingSafeEqual } from 'node:crypto'
import { checkSecret } from '../shared/token-format'
import { ReplyError } from './errors'
import { digestOf, keyStatus, type KeyLedger, type KeyRecord, type OrgRecord } from './key-ledger'
import type { RateLimiter } from './rate-limiter'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated key of a key route; null elsewhere. */
    caller: KeyRecord | null
  }
}

type Done = (error?: Error) => void

/** The hooks a key route runs: authentication before the body is read, a re-check once it is in. */
export interface KeyRouteHooks {
  readonly onRequest: onRequestHookHandler
  readonly preHandler?: preHandlerHookHandler
}

export interface Guards {
  /** For routes that only read: the key is checked once, before anything else. */
  read(scope?: string): KeyRouteHooks
  /** For routes that change state: checked before the body is read and again once it is in. */
  write(scope: string): KeyRouteHooks
  /**
   * The check `read` and `write` run, for a route answered outside Fastify (http-app's fast GETs).
   * `connection` (the request's socket) lets a keep-alive connection that presents the same
   * Authorization header again skip finding its key again (see below).
   */
  authenticate(authorization: string | undefined, ip: string, scope?: string, connection?: object): KeyRecord
  readonly operator: onRequestHookHandler
}

export function invalidKey(message: string): ReplyError {
  return new ReplyError('INVALID_API_KEY', message, {}, { 'WWW-Authenticate': 'Bearer' })
}

/** The token after "Bearer ", or a 401 explaining what is wrong with the header. */
function bearerToken(header: string | undefined): string {
  if (!header) throw invalidKey('Missing Authorization header; send "Authorization: Bearer <key>".')
  const match = /^Bearer +(\S.*)$/i.exec(header)
  if (!match) throw invalidKey('The Authorization header must use the Bearer scheme: "Authorization: Bearer <key>".')
  return (match[1] as string).trim()
}

/** The authenticated key of a route guarded by `read` or `write`. */
export function callerOf(request: FastifyRequest): KeyRecord {
  return request.caller as KeyRecord
}

/** Counts a request from a client address; throws the 429 when the address is over its budget. */
export function countAddress(limiter: RateLimiter, ip: string): void {
  const retryAfter = limiter.hit(ip, Date.now())
  if (retryAfter !== null) {
    throw new ReplyError('RATE_LIMITED', 'Too many requests from this address; retry later.', {}, { 'Retry-After': String(retryAfter) })
  }
}

/** Counts every request per client address before anything else, so floods without a valid key are limited too. */
export function limitByAddress(limiter: RateLimiter): onRequestHookHandler {
  return (request: FastifyRequest, _reply: FastifyReply, done: Done): void => {
    try {
      countAddress(limiter, request.ip)
    } catch (e) {
      return done(e as Error)
    }
    done()
  }
}

/**
 * Authentication of the Token API in one place, in the order of the contract (docs/token-api.md).
 * Hooks are callback style: they run on every request and /v1/me is benchmarked.
 */
export function createGuards(ledger: KeyLedger, limiter: RateLimiter, operatorToken: string): Guards {
  const operatorDigest = digestOf(operatorToken)

  /** Refuses a key that is revoked or expired, of a suspended organization, or used from outside its allowlist. */
  const checkStanding = (key: KeyRecord, ip: string, now: number): void => {
    const status = keyStatus(key, now)
    if (status === 'revoked') throw invalidKey('The API key has been revoked.')
    if (status === 'expired') throw invalidKey('The API key has expired.')
    const org = ledger.organization(key.orgId) as OrgRecord
    if (org.status === 'suspended') throw new ReplyError('ORGANIZATION_SUSPENDED', 'The organization of this API key is suspended.')
    if (!key.allows(ip)) throw new ReplyError('IP_NOT_ALLOWED', 'This API key may not be used from this address.')
  }

  /** Finds the key of an Authorization header, or throws the 401 that says what is wrong with it. */
  const keyOf = (authorization: string | undefined): KeyRecord => {
    const token = bearerToken(authorization)
    // Every stored key was minted well-formed, so a token found as sent needs no format check
    // (2 µs of a ~40 µs request); one that is not found is checked, cleaned and looked up again,
    // so a malformed key is still told what is wrong with it.
    const key = ledger.findBySecret(token)
    if (key) return key
    const checked = checkSecret(token)
    if (!checked.ok) throw invalidKey(`The API key is malformed: ${checked.message}`)
    const found = ledger.findBySecret(checked.secret)
    if (!found) throw invalidKey('The API key is not recognized.')
    return found
  }

  // The key a keep-alive connection authenticated with last, by the exact header it sent. A
  // secret's key never changes (rotation makes a new key with a new secret), so a connection that
  // sends the same header again is that key again: parsing the header, hashing the secret and the
  // digest lookup (a fifth of a /v1/me request's CPU) are skipped; everything that can change — the
  // key's standing, its organization's, the allowlist, rate limits, last_used — is checked below
  // on every request. Held only while the connection lives (WeakMap on the socket), and compared
  // only with what the same connection sent before.
  const connectionKeys = new WeakMap<object, { readonly authorization: string; readonly key: KeyRecord }>()

  const authenticate = (authorization: string | undefined, ip: string, scope?: string, connection?: object): KeyRecord => {
    const known = connection === undefined ? undefined : connectionKeys.get(connection)
    let key: KeyRecord
    // (A key taken back after a failed write is no longer in the ledger: found again, and refused.)
    if (known !== undefined && known.authorization === authorization && ledger.key(known.key.id) === known.key) key = known.key
    else {
      key = keyOf(authorization)
      if (connection !== undefined) connectionKeys.set(connection, { authorization: authorization as string, key })
    }
    const now = Date.now()
    // Before use is recorded: a holder outside the allowlist must neither keep last_used fresh
    // (hiding the stale warning) nor spend the real user's rate limit.
    checkStanding(key, ip, now)
    ledger.markUsed(key, now)
    const retryAfter = limiter.hit(key.id, now)
    if (retryAfter !== null) {
      throw new ReplyError('RATE_LIMITED', 'Too many requests for this API key; retry later.', {}, { 'Retry-After': String(retryAfter) })
    }
    if (scope !== undefined && !key.scopeSet.has(scope)) {
      throw new ReplyError('INSUFFICIENT_SCOPE', `This API key lacks the ${scope} scope.`, { required_scope: scope })
    }
    return key
  }

  // onRequest: before the body is read, so a caller without access learns nothing from parse or
  // validation errors.
  const onRequest =
    (scope?: string): onRequestHookHandler =>
    (request: FastifyRequest, _reply: FastifyReply, done: Done): void => {
      try {
        request.caller = authenticate(request.headers.authorization, request.ip, scope, request.raw.socket)
      } catch (e) {
        return done(e as Error)
      }
      done()
    }

  // preHandler: a body can take long to arrive, and a key revoked (or an organization suspended)
  // meanwhile must not go on to create, rotate or revoke anything.
  const recheck = (request: FastifyRequest, _reply: FastifyReply, done: Done): void => {
    try {
      checkStanding(callerOf(request), request.ip, Date.now())
    } catch (e) {
      return done(e as Error)
    }
    done()
  }

  const operator = (request: FastifyRequest, _reply: FastifyReply, done: Done): void => {
    try {
      if (!timingSafeEqual(digestOf(bearerToken(request.headers.authorization)), operatorDigest)) {
        throw invalidKey('This route needs the operator token.')
      }
    } catch (e) {
      return done(e as Error)
    }
    done()
  }

  return {
    read: (scope) => ({ onRequest: onRequest(scope) }),
    write: (scope) => ({ onRequest: onRequest(scope), preHandler: recheck }),
    authenticate,
    operator,
  }
}
