import type { FastifyPluginAsync } from 'fastify'
import { callerOf, type Guards } from '../authentication'
import type { KeyLedger, OrgRecord } from '../key-ledger'
import type { ScopeDefinition } from '../scopes'
import { keyJson, keyJsonSchema, orgJson, orgJsonSchema } from '../wire'

export interface SelfRoutesOptions {
  readonly ledger: KeyLedger
  readonly guards: Guards
  readonly catalog: readonly ScopeDefinition[]
}

const meSchema = {
  type: 'object',
  required: ['success', 'data'],
  properties: {
    success: { type: 'boolean' },
    data: { type: 'object', required: ['key', 'organization'], properties: { key: keyJsonSchema, organization: orgJsonSchema } },
  },
} as const

/** What any valid key may read: itself with its organization, and the scope catalog. */
export const selfRoutes: FastifyPluginAsync<SelfRoutesOptions> = async (app, { ledger, guards, catalog }) => {
  // The busiest route (every client checks its credential with it): a compiled serializer and a
  // synchronous handler keep it close to bare node:http.
  app.get('/v1/me', { ...guards.read(), schema: { response: { 200: meSchema } } }, (request, reply) => {
    const caller = callerOf(request)
    void reply.send({
      success: true,
      data: { key: keyJson(caller, Date.now()), organization: orgJson(ledger.organization(caller.orgId) as OrgRecord) },
    })
  })

  app.get('/v1/scopes', guards.read(), async () => ({ success: true, data: catalog }))
}
