import { describe, expect, test } from 'vitest'
import type { Environment, QuickResult, TokenStatus } from '../shared/models'
import { rankQuickResults, quickKey, type QuickCandidate } from './quick-search'

const PROFILES: Readonly<Record<Environment, string>> = { dev: 'Sandbox dev', staging: 'Sandbox staging', prod: 'Sandbox prod' }

function candidate(name: string, environment: Environment, over: { scopes?: string[]; status?: TokenStatus; stored?: boolean; hint?: string } = {}): QuickCandidate {
  const result: QuickResult = {
    profileId: `prf_${environment}`,
    profileName: PROFILES[environment],
    environment,
    tokenId: `key_${environment}_${name.toLowerCase().replace(/\W+/g, '_')}`,
    name,
    hint: over.hint ?? 'abcd',
    status: over.status ?? 'active',
    stored: over.stored ?? false,
  }
  return { result, scopes: over.scopes ?? ['account:read'] }
}

const ALL: readonly QuickCandidate[] = (['dev', 'staging', 'prod'] as const).flatMap((env) => [
  candidate('CI deploy', env, { scopes: ['domains:read', 'deployments:write'] }),
  candidate('Monitoring', env, { scopes: ['metrics:read'] }),
  candidate('Billing export', env, { scopes: ['invoices:read'] }),
  candidate('Leaked laptop key', env, { status: 'revoked' }),
])

const shown = (results: readonly QuickResult[]) => results.map((r) => `${r.name} · ${r.profileName}`)

describe('rankQuickResults', () => {
  test('matches each word anywhere: token name, profile name and environment', () => {
    expect(shown(rankQuickResults(ALL, 'monitor prod', [], 50))).toEqual(['Monitoring · Sandbox prod'])
    expect(shown(rankQuickResults(ALL, 'ci deploy staging', [], 50))).toEqual(['CI deploy · Sandbox staging'])
    expect(shown(rankQuickResults(ALL, 'staging deploy ci', [], 50))).toEqual(['CI deploy · Sandbox staging'])
    expect(shown(rankQuickResults(ALL, 'billing production', [], 50))).toEqual(['Billing export · Sandbox prod'])
    expect(shown(rankQuickResults(ALL, 'development monitoring', [], 50))).toEqual(['Monitoring · Sandbox dev'])
  })

  test('matches scopes, the last four and the id; a word nothing contains matches nothing', () => {
    expect(shown(rankQuickResults(ALL, 'deployments:write dev', [], 50))).toEqual(['CI deploy · Sandbox dev'])
    expect(shown(rankQuickResults(ALL, 'invoices', [], 50))).toHaveLength(3)
    const withHint = [...ALL, candidate('Webhook', 'dev', { hint: 'zq9x' })]
    expect(shown(rankQuickResults(withHint, 'zq9x', [], 50))).toEqual(['Webhook · Sandbox dev'])
    expect(shown(rankQuickResults(ALL, 'key_prod_monitoring', [], 50))).toEqual(['Monitoring · Sandbox prod'])
    expect(rankQuickResults(ALL, 'monitor qa', [], 50)).toEqual([])
    // Letters in order are not a match (no fuzzy letter soup): "cdy" is in "CI deploy" only that way.
    expect(rankQuickResults(ALL, 'cdy', [], 50)).toEqual([])
  })

  test('ranked by match: a name starting with the word before one containing it', () => {
    const list = [candidate('Relay for billing', 'dev'), candidate('Billing export', 'dev')]
    expect(shown(rankQuickResults(list, 'billing', [], 50))).toEqual(['Billing export · Sandbox dev', 'Relay for billing · Sandbox dev'])
  })

  test('among equal matches, recently copied first (newest first), then copyable, then the rest; revoked last', () => {
    const list = [
      candidate('Deploy A', 'dev'),
      candidate('Deploy B', 'dev', { stored: true }),
      candidate('Deploy C', 'dev', { stored: true }),
      candidate('Deploy D', 'dev', { stored: true }),
      candidate('Deploy E', 'dev', { stored: true, status: 'revoked' }),
      candidate('Deploy F', 'dev', { status: 'expired', stored: true }),
    ]
    const recent = [quickKey(list[3]!.result), quickKey(list[2]!.result), quickKey(list[4]!.result)]
    expect(rankQuickResults(list, 'deploy', recent, 50).map((r) => r.name)).toEqual(['Deploy D', 'Deploy C', 'Deploy B', 'Deploy A', 'Deploy F', 'Deploy E'])
    // An empty query lists everything in the same order.
    expect(rankQuickResults(list, '  ', recent, 50).map((r) => r.name)).toEqual(['Deploy D', 'Deploy C', 'Deploy B', 'Deploy A', 'Deploy F', 'Deploy E'])
  })

  test('a revoked token matching better still goes after a live one', () => {
    const list = [candidate('Leaked', 'dev', { status: 'revoked' }), candidate('Was leaked once', 'dev')]
    expect(rankQuickResults(list, 'leaked', [], 50).map((r) => r.name)).toEqual(['Was leaked once', 'Leaked'])
  })

  test('at most `limit` results', () => {
    expect(rankQuickResults(ALL, '', [], 5)).toHaveLength(5)
    expect(rankQuickResults(ALL, 'sandbox', [], 4)).toHaveLength(4)
  })
})
