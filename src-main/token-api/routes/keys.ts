import type { FastifyPluginAsync } from 'fastify'
import { callerOf, type Guards } from '../authentication'
import { ReplyError } from '../errors'
import { keyStatus, type KeyLedger, type KeyRecord, type KeyStatus } from '../key-ledger'
import { requireLife, requireReach, requireScopes } from '../key-rules'
import { decodeCursor, encodeCursor, parseCreateBody, parseListLimit, parseRotateExpiry, type CreateBody } from '../request-rules'
import { keyJson } from '../wire'
import { idParams } from './params'

export interface KeyRoutesOptions {
  readonly ledger: KeyLedger
  readonly guards: Guards
  readonly catalogNames: ReadonlySet<string>
}

const MAX_GRACE_SECONDS = 604_800
const expiresAtSchema = { type: ['string', 'null'], maxLength: 64 } as const

interface RotateBody {
  expires_at?: string | null
  grace_period_seconds?: number
}

interface ListQuerystring {
  status?: KeyStatus | 'all'
  limit?: string
  cursor?: string
}

const listSchema = {
  querystring: {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['active', 'expired', 'revoked', 'all'] },
      limit: { type: 'string', maxLength: 10 },
      cursor: { type: 'string', minLength: 1, maxLength: 500 },
    },
  },
} as const

const createSchema = {
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
} as const

const rotateSchema = {
  params: idParams,
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      expires_at: expiresAtSchema,
      grace_period_seconds: { type: 'integer', minimum: 0, maximum: MAX_GRACE_SECONDS },
    },
  },
} as const

/** Listing, reading, creating, revoking and rotating the keys of the caller's organization. */
export const keyRoutes: FastifyPluginAsync<KeyRoutesOptions> = async (app, { ledger, guards, catalogNames }) => {
  /** A key of the caller's organization; another organization's key is as absent as a missing one. */
  const ownKey = (caller: KeyRecord, id: string): KeyRecord => {
    const key = ledger.key(id)
    if (!key || key.orgId !== caller.orgId) throw new ReplyError('NOT_FOUND', `No API key ${id} in this organization.`)
    return key
  }

  app.get<{ Querystring: ListQuerystring }>('/v1/api-keys', { ...guards.read('api_keys:read'), schema: listSchema }, async (request, reply) => {
    const caller = callerOf(request)
    const { status = 'all', cursor } = request.query
    const limit = parseListLimit(request.query.limit)
    const now = Date.now()
    const page = ledger.list(caller.orgId, { status, limit, cursor: cursor === undefined ? null : decodeCursor(cursor) }, now)
    const last = page.items[page.items.length - 1]
    const next = page.more && last ? encodeCursor(last) : null
    // The next page also in the head (RFC 8288, as GitHub's API sends it): a client can ask for it
    // as soon as the head arrives, while this page's body is still on its way.
    if (next) reply.header('link', `</v1/api-keys?status=${status}&limit=${limit}&cursor=${next}>; rel="next"`)
    return { success: true, data: page.items.map((k) => keyJson(k, now)), next_cursor: next }
  })

  app.get<{ Params: { id: string } }>('/v1/api-keys/:id', { ...guards.read('api_keys:read'), schema: { params: idParams } }, async (request) => ({
    success: true,
    data: keyJson(ownKey(callerOf(request), request.params.id), Date.now()),
  }))

  app.post<{ Body: CreateBody }>('/v1/api-keys', { ...guards.write('api_keys:write'), schema: createSchema }, async (request, reply) => {
    const caller = callerOf(request)
    const now = Date.now()
    const spec = parseCreateBody(request.body, catalogNames, now)
    requireScopes(caller, spec.scopes)
    requireReach(caller, spec.allowedIps)
    requireLife(caller, spec.expiresMs)
    const [minted] = ledger.mintKeys(caller.orgId, [{ ...spec, createdMs: now }])
    const { key, secret } = minted as { key: KeyRecord; secret: string }
    await ledger.commit(() => ledger.removeKey(key))
    return reply.code(201).send({ success: true, data: { ...keyJson(key, now), secret } })
  })

  app.delete<{ Params: { id: string } }>('/v1/api-keys/:id', { ...guards.write('api_keys:write'), schema: { params: idParams } }, async (request) => {
    const caller = callerOf(request)
    const key = ownKey(caller, request.params.id)
    // Revoking a key can cut off whatever depends on it: only a key at least as powerful may do it.
    requireScopes(caller, key.scopes, 'revoke a key with')
    if (key.revokedMs === null) {
      key.revokedMs = Date.now()
      await ledger.commit(() => (key.revokedMs = null))
    }
    return { success: true, message: 'API key revoked successfully' }
  })

  app.post<{ Params: { id: string }; Body: RotateBody | undefined }>(
    '/v1/api-keys/:id/rotate',
    {
      ...guards.write('api_keys:write'),
      schema: rotateSchema,
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
        throw new ReplyError('KEY_NOT_ACTIVE', `API key ${old.id} is ${keyStatus(old, now)} and cannot be rotated.`)
      }
      // A key in its grace period is still active; rotating it again would leave two live successors.
      if (old.successorId !== null) {
        throw new ReplyError('KEY_ALREADY_ROTATED', `API key ${old.id} was already rotated; rotate its successor ${old.successorId} instead.`, {
          successor_id: old.successorId,
        })
      }
      const body = request.body ?? {}
      const expiresMs = parseRotateExpiry(body.expires_at, now)
      // Rotation hands out a secret with the old key's scopes and reach: the same rules as create apply.
      requireScopes(caller, old.scopes)
      requireReach(caller, old.allowedIps)
      requireLife(caller, expiresMs)
      const [minted] = ledger.mintKeys(caller.orgId, [{ name: old.name, scopes: old.scopes, createdMs: now, expiresMs, allowedIps: old.allowedIps }])
      const { key, secret } = minted as { key: KeyRecord; secret: string }
      const grace = body.grace_period_seconds ?? 0
      // A grace period only ever shortens the old key's life, never extends an earlier expiry.
      const end = now + grace * 1000
      const previous = { expiresMs: old.expiresMs, revokedMs: old.revokedMs }
      old.expiresMs = old.expiresMs === null ? end : Math.min(old.expiresMs, end)
      if (grace === 0) old.revokedMs = now
      // Set before the first await, so a concurrent rotation of the same key sees it and gets 409.
      old.successorId = key.id
      // A failed rotation must not leave the caller with a revoked old key and no new secret.
      await ledger.commit(() => {
        ledger.removeKey(key)
        old.expiresMs = previous.expiresMs
        old.revokedMs = previous.revokedMs
        old.successorId = null
      })
      return reply.code(201).send({ success: true, data: { ...keyJson(key, now), secret } })
    },
  )
}
