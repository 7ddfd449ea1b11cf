import { keyStatus, toIso, type KeyRecord, type OrgRecord } from './key-ledger'

/** A key as the contract shows it: never its secret or digest. */
export function keyJson(key: KeyRecord, now: number) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    hint: key.hint,
    scopes: key.scopes,
    created_at: key.createdIso,
    last_used: toIso(key.lastUsedMs),
    expires_at: toIso(key.expiresMs),
    revoked_at: toIso(key.revokedMs),
    status: keyStatus(key, now),
    allowed_ips: key.allowedIps,
    // Set while a rotated key lives out its grace: clients show it as being replaced, not as needing attention.
    successor_id: key.successorId,
  }
}

const nullableTime = { type: ['string', 'null'] } as const

/** keyJson's shape, for a compiled serializer (fast-json-stringify) on the hot /v1/me route. */
export const keyJsonSchema = {
  type: 'object',
  required: ['id', 'name', 'prefix', 'hint', 'scopes', 'created_at', 'last_used', 'expires_at', 'revoked_at', 'status', 'allowed_ips'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    prefix: { type: 'string' },
    hint: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    created_at: { type: 'string' },
    last_used: nullableTime,
    expires_at: nullableTime,
    revoked_at: nullableTime,
    status: { type: 'string' },
    allowed_ips: { type: 'array', items: { type: 'string' } },
    successor_id: { type: ['string', 'null'] },
  },
} as const

export const orgJsonSchema = {
  type: 'object',
  required: ['id', 'name', 'environment', 'status'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, environment: { type: 'string' }, status: { type: 'string' } },
} as const

export function orgJson(org: OrgRecord) {
  return { id: org.id, name: org.name, environment: org.environment, status: org.status }
}
