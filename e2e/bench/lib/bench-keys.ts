/** The tokens the bench loads: many, in varied states, and the same on every run. */

/** One key as `bulkInsertKeys` of the Token API server takes it. */
export interface BenchKeySpec {
  readonly name: string
  readonly scopes: string[]
  readonly createdAt?: string
  readonly lastUsed?: string | null
  readonly expiresAt?: string | null
  readonly revokedAt?: string | null
}

const DAY_MS = 86_400_000
const SCOPE_SETS = [['api_keys:read'], ['dns:read', 'dns:write'], ['domains:read', 'hosting:read', 'account:read']]

/**
 * `count` keys, deterministic per index: ages up to 200 days, a fifth never used, a quarter without
 * expiry, the rest expiring from 20 days ago to 100 days ahead, one in 17 revoked — so health and
 * reminders see every state, as with a real organization.
 */
export function benchKeySpecs(count: number, nowMs: number): BenchKeySpec[] {
  return Array.from({ length: count }, (_, i) => {
    const ageDays = (i * 7) % 200
    const createdMs = nowMs - ageDays * DAY_MS - i * 1000
    const idleDays = Math.min(ageDays, (i * 13) % 150)
    return {
      name: `bench-token-${String(i).padStart(5, '0')}`,
      scopes: SCOPE_SETS[i % SCOPE_SETS.length] as string[],
      createdAt: new Date(createdMs).toISOString(),
      lastUsed: i % 5 === 0 ? null : new Date(Math.max(createdMs, nowMs - idleDays * DAY_MS)).toISOString(),
      expiresAt: i % 4 === 0 ? null : new Date(nowMs + (((i * 11) % 120) - 20) * DAY_MS).toISOString(),
      revokedAt: i % 17 === 0 ? new Date(nowMs - DAY_MS).toISOString() : null,
    }
  })
}
