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

/** /v1/me's body as bytes with a slot for its last_used, valid while nothing else in it changes. */
interface MeTemplate {
  readonly bytes: Buffer
  /** Where last_used's ISO time goes (between its quotes). */
  readonly slot: number
  readonly expiresMs: number | null
  readonly revokedMs: number | null
  readonly successorId: string | null
  readonly status: string
  readonly orgStatus: string
}

const templates = new WeakMap<KeyRecord, MeTemplate>()
/** As long as toIso's every time from 1970 to 9999 ("2026-01-01T00:00:00.000Z"). */
const SLOT = '\u0000'.repeat(24)
const ISO_LENGTH = SLOT.length

/**
 * /v1/me's body, exactly as JSON.stringify writes it, from a template per key: only last_used changes
 * from one request to the next (it is "now": the key was just used), so the body is the key's bytes
 * with the time written into them — no serializing, no encoding per request. The template is rebuilt
 * when one of the key's mutable fields, its status or its organization's status changed.
 */
function meBody(caller: KeyRecord, ledger: KeyLedger): string | Buffer {
  const now = Date.now()
  const org = ledger.organization(caller.orgId) as OrgRecord
  const status = keyStatus(caller, now)
  const lastUsed = toIso(caller.lastUsedMs)
  if (lastUsed === null || lastUsed.length !== ISO_LENGTH) return JSON.stringify(me(caller, ledger))
  let t = templates.get(caller)
  if (
    t === undefined ||
    t.expiresMs !== caller.expiresMs ||
    t.revokedMs !== caller.revokedMs ||
    t.successorId !== caller.successorId ||
    t.status !== status ||
    t.orgStatus !== org.status
  ) {
    const json = JSON.stringify({ success: true, data: { key: { ...keyJson(caller, now), last_used: SLOT }, organization: orgJson(org) } })
    const mark = JSON.stringify(SLOT)
    const at = json.indexOf(mark)
    // A name cannot hold a NUL (display-name rules), but a template must never be ambiguous.
    if (at < 0 || json.indexOf(mark, at + 1) >= 0) return JSON.stringify(me(caller, ledger))
    const text = `${json.slice(0, at)}"${'0'.repeat(ISO_LENGTH)}"${json.slice(at + mark.length)}`
    t = { bytes: Buffer.from(text), slot: Buffer.byteLength(json.slice(0, at)) + 1, expiresMs: caller.expiresMs, revokedMs: caller.revokedMs, successorId: caller.successorId, status, orgStatus: org.status }
    templates.set(caller, t)
  }
  // A copy per response: the bytes are handed to the socket, which may still hold them after this returns.
  const out = Buffer.allocUnsafe(t.bytes.length)
  t.bytes.copy(out)
  out.write(lastUsed, t.slot, 'latin1')
  return out
}

/** What any valid key may read: itself with its organization, and the scope catalog. */
export const selfRoutes: FastifyPluginAsync<SelfRoutesOptions> = async (app, { ledger, guards, catalog, fastGets }) => {
  // The busiest route (every client checks its credential with it): answered ahead of Fastify's
  // router in its plain form (http-app), by Fastify with a compiled serializer in any other
  // (a query string), with the same checks in the same order.
  app.get('/v1/me', { ...guards.read(), schema: { response: { 200: meSchema } } }, (request, reply) => {
    void reply.send(me(callerOf(request), ledger))
  })
  fastGets.set('/v1/me', (authorization, ip, connection) => meBody(guards.authenticate(authorization, ip, undefined, connection), ledger))

  app.get('/v1/scopes', guards.read(), async () => ({ success: true, data: catalog }))
}
