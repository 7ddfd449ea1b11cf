import type { FastifyPluginAsync } from 'fastify'
import type { Guards } from '../authentication'
import { ReplyError } from '../errors'
import type { KeyLedger } from '../key-ledger'
import { orgJson } from '../wire'
import { idParams } from './params'

export interface OperatorRoutesOptions {
  readonly ledger: KeyLedger
  readonly guards: Guards
}

/** Suspend and resume organizations, with the operator token printed at start. */
export const operatorRoutes: FastifyPluginAsync<OperatorRoutesOptions> = async (app, { ledger, guards }) => {
  for (const action of ['suspend', 'resume'] as const) {
    app.post<{ Params: { id: string } }>(
      `/v1/operator/organizations/:id/${action}`,
      { onRequest: guards.operator, schema: { params: idParams } },
      async (request) => {
        const org = ledger.organization(request.params.id)
        if (!org) throw new ReplyError('NOT_FOUND', `No organization ${request.params.id}.`)
        const status = action === 'suspend' ? 'suspended' : 'active'
        if (org.status !== status) {
          const previous = org.status
          org.status = status
          await ledger.commit(() => (org.status = previous))
        }
        return { success: true, data: orgJson(org) }
      },
    )
  }
}
