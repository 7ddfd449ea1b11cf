import type { FastifyPluginAsync } from 'fastify'
import { callerOf, type Guards } from '../authentication'
import type { FastGet } from '../http-app'
import { keyStatus, toIso, type KeyLedger, type KeyRecord, type OrgRecord } from '../key-ledger'
import type { ScopeDefinition } from '../scopes'
import { keyJson, keyJsonSchema, orgJson, orgJsonSchema } from '../wire'

export interface SelfRoutesOptions {
  readonly ledger: KeyLedger
  readonly guards: Guards
  readonly catalog: readonly ScopeDefinition[]
  /** http-app's fast GETs: /v1/me is answered there too. */
  readonly fastGets: Map<string, FastGet>
}

const meSchema = {
  type: 'object',
  required: ['success', 'data'],
  properties: {
    success: { type: 'boolean' },
    data: { type: 'object', required: ['key', 'organization'], properties: { key: keyJsonSchema, organization: orgJsonSchema } },
  },
} as const

/** The body of /v1/me. */
function me(caller: KeyRecord, ledger: KeyLedger) {
  return {
    success: true,
    data: { key: keyJson(caller, Date.now()), organization: orgJson(ledger.organization(caller.orgId) as OrgRecord) },
  }
}

/** /v1/me's body serialized around its last_used, valid while nothing else in it changes. */
interface MeTemplate {
  readonly before: string
  readonly after: string
  readonly expiresMs: number | null
  readonly revokedMs: number | null
  readonly successorId: string | null
  readonly status: string
  readonly orgStatus: string
}

const templates = new WeakMap<KeyRecord, MeTemplate>()
const LAST_USED_MARK = '\u0000last-used\u0000'

/**
 * /v1/me's body as JSON.stringify writes it, from a template per key: only last_used changes from
 * one request to the next (the rest is rebuilt when one of the key's mutable fields, its status or
 * its organization's status changed), which saves serializing the whole body on every request.
 */
function meJson(caller: KeyRecord, ledger: KeyLedger): string {
  const now = Date.now()
  const org = ledger.organization(caller.orgId) as OrgRecord
  const status = keyStatus(caller, now)
  let t = templates.get(caller)
  if (
    t === undefined ||
    t.expiresMs !== caller.expiresMs ||
    t.revokedMs !== caller.revokedMs ||
    t.successorId !== caller.successorId ||
    t.status !== status ||
    t.orgStatus !== org.status
  ) {
    const json = JSON.stringify({ success: true, data: { key: { ...keyJson(caller, now), last_used: LAST_USED_MARK }, organization: orgJson(org) } })
    const parts = json.split(JSON.stringify(LAST_USED_MARK))
    // A name cannot hold a NUL (display-name rules), but a template must never be ambiguous.
    if (parts.length !== 2) return JSON.stringify(me(caller, ledger))
    const [before, after] = parts as [string, string]
    t = { before, after, expiresMs: caller.expiresMs, revokedMs: caller.revokedMs, successorId: caller.successorId, status, orgStatus: org.status }
    templates.set(caller, t)
  }
  return t.before + JSON.stringify(toIso(caller.lastUsedMs)) + t.after
}

/** What any valid key may read: itself with its organization, and the scope catalog. */
export const selfRoutes: FastifyPluginAsync<SelfRoutesOptions> = async (app, { ledger, guards, catalog, fastGets }) => {
  // The busiest route (every client checks its credential with it): answered ahead of Fastify's
  // router in its plain form (http-app), by Fastify with a compiled serializer in any other
  // (a query string), with the same checks in the same order.
  app.get('/v1/me', { ...guards.read(), schema: { response: { 200: meSchema } } }, (request, reply) => {
    void reply.send(me(callerOf(request), ledger))
  })
  fastGets.set('/v1/me', (authorization, ip) => meJson(guards.authenticate(authorization, ip), ledger))

  app.get('/v1/scopes', guards.read(), async () => ({ success: true, data: catalog }))
}
