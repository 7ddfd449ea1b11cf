import type { FastifyPluginAsync } from 'fastify'
import { callerOf, type Guards } from '../authentication'
import type { KeyLedger, OrgRecord } from '../key-ledger'
import type { ScopeDefinition } from '../scopes'
import { keyJson, orgJson } from '../wire'

export interface SelfRoutesOptions {
  readonly ledger: KeyLedger
  readonly guards: Guards
  readonly catalog: readonly ScopeDefinition[]
}

/** What any valid key may read: itself with its organization, and the scope catalog. */
export const selfRoutes: FastifyPluginAsync<SelfRoutesOptions> = async (app, { ledger, guards, catalog }) => {
  app.get('/v1/me', guards.read(), async (request) => {
    const caller = callerOf(request)
    return { success: true, data: { key: keyJson(caller, Date.now()), organization: orgJson(ledger.organization(caller.orgId) as OrgRecord) } }
  })

  app.get('/v1/scopes', guards.read(), async () => ({ success: true, data: catalog }))
}
