import Fastify, { type FastifyInstance } from 'fastify'
import type { Socket } from 'node:net'
import { limitByAddress } from './authentication'
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

export interface HttpAppOptions {
  readonly timeouts: Timeouts
  /** Counts requests per client address before authentication. */
  readonly addressLimiter: RateLimiter
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

/** The Fastify instance every route plugin is registered on: limits, JSON only, the contract's errors. */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const { timeouts, log } = options
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
    const failure = toReplyError(error, BODY_LIMIT)
    if (failure.code === 'INTERNAL_ERROR') log?.(`internal error: ${(error as Error).name}: ${(error as Error).message}`)
    void reply
      .code(failure.status)
      .headers(failure.headers)
      .send({ success: false, error: { code: failure.code, message: failure.message, ...failure.extra } })
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
