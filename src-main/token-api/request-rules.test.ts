/**
 * The Token API's request rules as a client reads them: the error code, the status, the message and
 * each field's detail. Schema refusals go through a real Fastify app built like the server's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { ReplyError } from './errors'
import { BODY_LIMIT, createHttpApp, TIMEOUT_DEFAULTS } from './http-app'
import { RateLimiter } from './rate-limiter'
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, decodeCursor, encodeCursor, parseCreateBody, parseListLimit, parseRotateExpiry, toReplyError } from './request-rules'

const NOW = Date.parse('2026-06-01T00:00:00Z')
const CATALOG = new Set(['dns:read', 'dns:write', 'api_keys:read'])

/** What the client receives for a thrown ReplyError: status, code, message and extras. */
function refusal(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (!(error instanceof ReplyError)) throw error
    return { status: error.status, code: error.code, message: error.message, ...error.extra }
  }
  throw new Error('not refused')
}

const invalid = (details: Array<{ field: string; message: string }>) => ({ status: 422, code: 'VALIDATION_FAILED', message: 'The request is not valid.', details })

describe('a new key’s body', () => {
  test('a valid body: the name trimmed, the scopes as given, the expiry in ms, the ranges canonical and each once', () => {
    expect(
      parseCreateBody(
        { name: '  Deploy bot ', scopes: ['dns:write', 'dns:read'], expires_at: '2026-07-01T00:00:00Z', allowed_ips: ['10.0.0.1', ' 10.0.0.0/8', '10.0.0.1/32', 'FE80::1'] },
        CATALOG,
        NOW,
      ),
    ).toEqual({ name: 'Deploy bot', scopes: ['dns:write', 'dns:read'], expiresMs: Date.parse('2026-07-01T00:00:00Z'), allowedIps: ['10.0.0.1/32', '10.0.0.0/8', 'fe80::1/128'] })
  })

  test('no expiry and no ranges: none', () => {
    expect(parseCreateBody({ name: 'a', scopes: ['dns:read'] }, CATALOG, NOW)).toEqual({ name: 'a', scopes: ['dns:read'], expiresMs: null, allowedIps: [] })
    expect(parseCreateBody({ name: 'a', scopes: ['dns:read'], expires_at: null, allowed_ips: [] }, CATALOG, NOW)).toMatchObject({ expiresMs: null, allowedIps: [] })
  })

  test('every problem at once, in the body’s order, each under its field', () => {
    expect(
      refusal(() =>
        parseCreateBody({ name: '   ', scopes: ['dns:read', 'mail:send', 'dns:delete'], expires_at: 'tomorrow', allowed_ips: ['10.0.0.1', '10.0.0.300', 'not an ip'] }, CATALOG, NOW),
      ),
    ).toEqual(
      invalid([
        { field: 'name', message: 'must not be empty' },
        { field: 'scopes', message: 'not in the scope catalog: mail:send, dns:delete' },
        { field: 'expires_at', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2027-01-31T00:00:00Z' },
        { field: 'allowed_ips.1', message: 'must be an IPv4 or IPv6 address or CIDR range' },
        { field: 'allowed_ips.2', message: 'must be an IPv4 or IPv6 address or CIDR range' },
      ]),
    )
  })

  test('one problem alone is refused too, whichever it is', () => {
    expect(refusal(() => parseCreateBody({ name: 'a\nb', scopes: ['dns:read'] }, CATALOG, NOW))).toEqual(
      invalid([{ field: 'name', message: 'must not contain control characters (line breaks, tabs, terminal escape sequences)' }]),
    )
    expect(refusal(() => parseCreateBody({ name: 'a', scopes: ['nope'] }, CATALOG, NOW))).toEqual(invalid([{ field: 'scopes', message: 'not in the scope catalog: nope' }]))
    expect(refusal(() => parseCreateBody({ name: 'a', scopes: ['dns:read'], expires_at: '2026-06-01T00:00:00Z' }, CATALOG, NOW))).toEqual(
      invalid([{ field: 'expires_at', message: 'must be in the future' }]),
    )
    expect(refusal(() => parseCreateBody({ name: 'a', scopes: ['dns:read'], allowed_ips: ['10.0.0.0/33'] }, CATALOG, NOW))).toEqual(
      invalid([{ field: 'allowed_ips.0', message: 'must be an IPv4 or IPv6 address or CIDR range' }]),
    )
  })
})

describe('a rotation’s expiry', () => {
  test('none asked: none; a valid one in ms', () => {
    expect(parseRotateExpiry(undefined, NOW)).toBeNull()
    expect(parseRotateExpiry(null, NOW)).toBeNull()
    expect(parseRotateExpiry('2026-06-01T00:00:00.001Z', NOW)).toBe(NOW + 1)
  })

  test('a past or malformed one is a 422 on expires_at', () => {
    expect(refusal(() => parseRotateExpiry('2026-06-01T00:00:00Z', NOW))).toEqual(invalid([{ field: 'expires_at', message: 'must be in the future' }]))
    expect(refusal(() => parseRotateExpiry('2026-06-02', NOW))).toEqual(
      invalid([{ field: 'expires_at', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2027-01-31T00:00:00Z' }]),
    )
  })
})

describe('the list’s limit', () => {
  test('100 when absent; digits from 1 to 1000, leading zeros allowed', () => {
    expect(DEFAULT_LIST_LIMIT).toBe(100)
    expect(MAX_LIST_LIMIT).toBe(1000)
    expect(parseListLimit(undefined)).toBe(100)
    expect(parseListLimit('1')).toBe(1)
    expect(parseListLimit('1000')).toBe(1000)
    expect(parseListLimit('0007')).toBe(7)
  })

  test.each(['0', '1001', '', '-1', '+5', '1.5', '1e3', ' 5', '5 ', '0x10', 'ten', '5\n'])('%j is a 422 on limit', (raw) => {
    expect(refusal(() => parseListLimit(raw))).toEqual(invalid([{ field: 'limit', message: 'must be an integer from 1 to 1000' }]))
  })
})

describe('the list’s cursor', () => {
  test('a cursor the server gave back reads as the position it encodes', () => {
    const cursor = encodeCursor({ createdMs: 1_780_000_000_123, id: 'key_abc' })
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(Buffer.from(cursor, 'base64url').toString('utf8')).toBe('[1780000000123,"key_abc"]')
    expect(decodeCursor(cursor)).toEqual({ createdMs: 1_780_000_000_123, id: 'key_abc' })
  })

  const made = (json: string) => Buffer.from(json).toString('base64url')
  test.each([
    ['not base64 JSON', '!!!'],
    ['JSON null', made('null')],
    ['an object', made('{"createdMs":1,"id":"k"}')],
    ['one element', made('[1]')],
    ['three elements', made('[1,"k","x"]')],
    ['a string time', made('["1","k"]')],
    ['an infinite time', made('[1e400,"k"]')],
    ['a number id', made('[1,2]')],
    ['a null id', made('[1,null]')],
  ])('%s is a 422 on cursor', (_what, cursor) => {
    expect(refusal(() => decodeCursor(cursor))).toEqual(invalid([{ field: 'cursor', message: 'is not a cursor returned by this server' }]))
  })
})

describe('errors that are not ReplyErrors, as the contract’s errors', () => {
  const as = (error: unknown) => {
    const e = toReplyError(error, 2048)
    return { status: e.status, code: e.code, message: e.message }
  }

  test('a schema error without its context or message still names a field and says something', () => {
    const e = toReplyError({ validation: [{ instancePath: '', params: {}, message: undefined }] }, BODY_LIMIT)
    expect({ status: e.status, code: e.code, ...e.extra }).toEqual({ status: 422, code: 'VALIDATION_FAILED', details: [{ field: 'body', message: 'is invalid' }] })
    const q = toReplyError({ validationContext: 'querystring', validation: [{ instancePath: '', params: {}, message: 'must be object' }] }, BODY_LIMIT)
    expect(q.extra).toEqual({ details: [{ field: 'querystring', message: 'must be object' }] })
  })

  test('a ReplyError is sent as it is', () => {
    const own = new ReplyError('NOT_FOUND', 'No API key k in this organization.')
    expect(toReplyError(own, BODY_LIMIT)).toBe(own)
  })

  test('Fastify’s body errors by code, the size limit in KiB', () => {
    expect(as({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 2 KiB.' })
    expect(as({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Request bodies must be JSON (Content-Type: application/json).',
    })
    expect(as({ code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 })).toEqual({ status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON.' })
    expect(as({ code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 })).toEqual({ status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON.' })
  })

  test('any other 4xx is a bad request; anything else an internal error that says nothing of its cause', () => {
    const bad = { status: 400, code: 'BAD_REQUEST', message: 'The request could not be understood.' }
    const internal = { status: 500, code: 'INTERNAL_ERROR', message: 'The server failed to handle the request.' }
    expect(as({ code: 'FST_ERR_SOMETHING', statusCode: 400 })).toEqual(bad)
    expect(as({ statusCode: 499 })).toEqual(bad)
    expect(as({ statusCode: 399 })).toEqual(internal)
    expect(as({ statusCode: 500 })).toEqual(internal)
    expect(as({ statusCode: '404' })).toEqual(internal)
    expect(as(new Error('database password is hunter2'))).toEqual(internal)
  })
})

describe('schema refusals as a client receives them', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = createHttpApp({ timeouts: TIMEOUT_DEFAULTS, addressLimiter: new RateLimiter(0), onRoute: () => undefined })
    app.post(
      '/things/:id',
      {
        schema: {
          params: { type: 'object', properties: { id: { type: 'string', maxLength: 3 } } },
          querystring: { type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'] } } },
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string' },
              note: { type: ['string', 'null'] },
              tags: { type: 'array', items: { type: 'string', maxLength: 3 } },
              inner: { type: 'object', additionalProperties: false, required: ['x'], properties: { x: { type: 'integer' } } },
            },
          },
        },
      },
      async () => ({ success: true }),
    )
    await app.ready()
  })
  afterAll(() => app.close())

  const post = async (payload: unknown, path = '/things/1', contentType = 'application/json') => {
    const res = await app.inject({ method: 'POST', url: path, payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': contentType } })
    return { status: res.statusCode, body: res.json() as unknown }
  }
  const details = (d: Array<{ field: string; message: string }>) => ({ status: 422, body: { success: false, error: { code: 'VALIDATION_FAILED', message: 'The request is not valid.', details: d } } })

  test('a valid request passes', async () => {
    expect(await post({ name: 'n', note: null, tags: ['abc'], inner: { x: 1 } })).toEqual({ status: 200, body: { success: true } })
  })

  test('a missing field is named; an unknown one is, with its path', async () => {
    expect(await post({})).toEqual(details([{ field: 'name', message: "must have required property 'name'" }]))
    expect(await post({ name: 'n', inner: {} })).toEqual(details([{ field: 'inner.x', message: "must have required property 'x'" }]))
    expect(await post({ name: 'n', secret: 'sk_live_x' })).toEqual(details([{ field: 'secret', message: 'is not a known field' }]))
    expect(await post({ name: 'n', inner: { x: 1, y: 2 } })).toEqual(details([{ field: 'inner.y', message: 'is not a known field' }]))
  })

  test('a wrong type is named by its path, with "or" between the types allowed', async () => {
    expect(await post({ name: 'n', note: 5 })).toEqual(details([{ field: 'note', message: 'must be string or null' }]))
    expect(await post({ name: 'n', tags: ['abc', 'abcd'] })).toEqual(details([{ field: 'tags.1', message: 'must NOT have more than 3 characters' }]))
    expect(await post({ name: 'n', inner: { x: 1.5 } })).toEqual(details([{ field: 'inner.x', message: 'must be integer' }]))
  })

  test('every problem of a body at once', async () => {
    expect(await post({ note: 1, extra: true })).toEqual(
      details([
        { field: 'name', message: "must have required property 'name'" },
        { field: 'extra', message: 'is not a known field' },
        { field: 'note', message: 'must be string or null' },
      ]),
    )
  })

  test('a body, a parameter or a query that is wrong as a whole is named by where it is', async () => {
    expect(await post(['a'])).toEqual(details([{ field: 'body', message: 'must be object' }]))
    expect(await post({ name: 'n' }, '/things/abcd')).toEqual(details([{ field: 'id', message: 'must NOT have more than 3 characters' }]))
    expect(await post({ name: 'n' }, '/things/1?mode=c')).toEqual(details([{ field: 'mode', message: 'must be equal to one of the allowed values' }]))
  })

  test('a body too large, not JSON, or of another type', async () => {
    const big = await post({ name: 'x'.repeat(BODY_LIMIT) })
    expect(big).toEqual({ status: 413, body: { success: false, error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 64 KiB.' } } })
    expect(await post('{"name":')).toEqual({ status: 400, body: { success: false, error: { code: 'INVALID_JSON', message: 'The request body is not valid JSON.' } } })
    expect(await post('name=n', '/things/1', 'application/x-www-form-urlencoded')).toEqual({
      status: 415,
      body: { success: false, error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Request bodies must be JSON (Content-Type: application/json).' } },
    })
  })
})
