import Fastify, { type FastifyInstance } from 'fastify'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { countAddress, limitByAddress } from './authentication'
import { ReplyError } from './errors'
import type { RateLimiter } from './rate-limiter'
import { toReplyError } from './request-rules'

export const BODY_LIMIT = 64 * 1024

export interface Timeouts {
  /** The whole request, headers and body, must arrive within this (408 REQUEST_TIMEOUT otherwise). */
  readonly requestMs: number
  /** A socket with no traffic for this long is closed. */
  readonly connectionMs: number
  /** An idle keep-alive connection is closed after this; announced to clients as Keep-Alive: timeout. */
  readonly keepAliveMs: number
}

export const TIMEOUT_DEFAULTS: Timeouts = { requestMs: 30_000, connectionMs: 30_000, keepAliveMs: 5_000 }

/**
 * The 200 body of a GET answered ahead of Fastify's router, serialized (as bytes where the route
 * keeps them ready); throws what the route's hooks or handler would (a ReplyError), and the same
 * envelope is sent.
 */
export type FastGet = (authorization: string | undefined, ip: string, connection: object) => string | Buffer

export interface HttpAppOptions {
  readonly timeouts: Timeouts
  /** Counts requests per client address before authentication. */
  readonly addressLimiter: RateLimiter
  /**
   * GETs answered straight from node:http, by exact path (no query string, no body), filled by the
   * route plugins: each must also be a Fastify route answering the same (for every other form of
   * the request, and the route list). Read on every request, so a plugin may add to it after start.
   */
  readonly fastGets?: ReadonlyMap<string, FastGet>
  /** Receives every route added, as "METHOD /path/{param}". */
  readonly onRoute: (route: string) => void
  readonly log?: (line: string) => void
}

/** Answers what Node refuses below HTTP (a timeout, a malformed request) in the contract's envelope too. */
function clientErrorHandler(timeouts: Timeouts) {
  return (error: Error, socket: Socket): void => {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ECONNRESET' || socket.destroyed) return
    const reply =
      code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new ReplyError('REQUEST_TIMEOUT', `The request did not arrive within ${timeouts.requestMs / 1000} s.`)
        : new ReplyError('BAD_REQUEST', 'The request could not be understood.')
    const body = JSON.stringify({ success: false, error: { code: reply.code, message: reply.message } })
    const reason = reply.status === 408 ? 'Request Timeout' : 'Bad Request'
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${reply.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      )
    }
    socket.destroy()
  }
}

const JSON_TYPE = 'application/json; charset=utf-8'

/** A failed request's status, headers and body, the same for Fastify's error handler and the fast GETs. */
function errorAnswer(error: unknown, log: ((line: string) => void) | undefined) {
  const failure = toReplyError(error, BODY_LIMIT)
  if (failure.code === 'INTERNAL_ERROR') log?.(`internal error: ${(error as Error).name}: ${(error as Error).message}`)
  return {
    status: failure.status,
    headers: failure.headers,
    body: { success: false, error: { code: failure.code, message: failure.message, ...failure.extra } },
  }
}

/**
 * Answers one fast GET as Fastify would, with the address limit counted first: /v1/me is every
 * client's credential check, and Fastify's per-request machinery (request and reply objects, hook
 * runner, router, reply pipeline) was ~15 % of its CPU per request (docs/performance.md).
 */
function answerFast(answer: FastGet, req: IncomingMessage, res: ServerResponse, options: HttpAppOptions): void {
  const started = options.log ? performance.now() : 0
  const ip = req.socket.remoteAddress as string
  let status = 200
  let body: string | Buffer
  const headers: Record<string, string | number> = {}
  try {
    countAddress(options.addressLimiter, ip)
    body = answer(req.headers.authorization, ip, req.socket)
  } catch (e) {
    const failure = errorAnswer(e, options.log)
    status = failure.status
    // Lower-cased, as Fastify sends them.
    for (const [name, value] of Object.entries(failure.headers)) headers[name.toLowerCase()] = value
    body = JSON.stringify(failure.body)
  }
  headers['content-type'] = JSON_TYPE
  headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length
  res.writeHead(status, headers)
  res.end(body)
  options.log?.(`GET ${req.url} ${status} ${(performance.now() - started).toFixed(1)}ms`)
}

/** The HTTP/1 server Fastify would create, with the fast GETs in front of its handler. */
function serverWithFastGets(options: HttpAppOptions, isClosing: () => boolean) {
  const { timeouts, fastGets } = options
  return (fastifyHandler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const server = createServer(
      // Node checks request timeouts on this interval (default 30 s, which would double the timeout).
      { connectionsCheckingInterval: Math.min(1000, timeouts.requestMs), headersTimeout: Math.min(10_000, timeouts.requestMs) },
      (req, res) => {
        const answer = req.method === 'GET' && req.url !== undefined ? fastGets?.get(req.url) : undefined
        // A body, however unusual on a GET, and a server shutting down (503) are Fastify's to handle.
        if (answer && !isClosing() && req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
          answerFast(answer, req, res, options)
        } else {
          fastifyHandler(req, res)
        }
      },
    )
    // What Fastify sets on a server it creates itself (fastify/lib/server.js).
    server.keepAliveTimeout = timeouts.keepAliveMs
    server.requestTimeout = timeouts.requestMs
    server.setTimeout(timeouts.connectionMs)
    return server
  }
}

/** The Fastify instance every route plugin is registered on: limits, JSON only, the contract's errors. */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const { timeouts, log } = options
  let closing = false
  const app = Fastify({
    serverFactory: serverWithFastGets(options, () => closing),
    logger: false,
    bodyLimit: BODY_LIMIT,
    exposeHeadRoutes: false,
    // A client that holds its body back must not hold a connection (and a checked key) forever.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    clientErrorHandler: clientErrorHandler(timeouts),
    // Bodies are validated as sent: no coercion of "5" into 5, no silent dropping of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true } },
  })

  // A declared decorator keeps request objects one shape (faster than a side table on the hot path).
  app.decorateRequest('caller', null)

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) options.onRoute(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`)
  })

  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    // An empty body with a JSON content type is common from clients (DELETE, rotate); treat it as absent.
    if (typeof body !== 'string' || body.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(body))
    } catch {
      done(new ReplyError('INVALID_JSON', 'The request body is not valid JSON.'), undefined)
    }
  })

  app.setErrorHandler((error, _request, reply) => {
    const failure = errorAnswer(error, log)
    void reply.code(failure.status).headers(failure.headers).send(failure.body)
  })
  app.addHook('preClose', (done) => {
    closing = true
    done()
  })

  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send({ success: false, error: { code: 'NOT_FOUND', message: 'No such route.' } })
  })

  // Before authentication and routing: a flood without a valid key (or to no route) is limited too.
  app.addHook('onRequest', limitByAddress(options.addressLimiter))

  if (log) {
    app.addHook('onResponse', async (request, reply) => {
      log(`${request.method} ${request.routeOptions.url ?? '(no route)'} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`)
    })
  }
  return app
}
