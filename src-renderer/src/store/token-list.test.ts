import { describe, expect, it } from 'vitest'
import type { TokenHealth, TokenView } from '@shared/models'
import { filterCounts, indexTokens, sortIndexed, visibleTokens } from './token-list'

const health = (over: Partial<TokenHealth> = {}): TokenHealth => ({
  revoked: false,
  expired: false,
  expiringWithinDays: null,
  daysToExpiry: null,
  expiryTone: 'none',
  rotationDue: false,
  beingReplaced: false,
  ageDays: 1,
  stale: false,
  neverUsed: false,
  stored: false,
  needsAttention: false,
  reasons: [],
  ...over,
})

const token = (id: string, name: string, over: Partial<TokenView> = {}): TokenView => ({
  id,
  name,
  prefix: 'sk_test_',
  hint: id.slice(-4),
  scopes: ['account:read'],
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUsed: null,
  expiresAt: null,
  revokedAt: null,
  status: 'active',
  allowedIps: [],
  health: health(),
  ...over,
})

const tokens: readonly TokenView[] = [
  token('key_a001', 'Billing export', { expiresAt: '2026-03-01T00:00:00.000Z', health: health({ needsAttention: true, reasons: ['expiring'] }) }),
  token('key_b002', 'CI deploy', { scopes: ['domains:write'], lastUsed: '2026-02-01T00:00:00.000Z' }),
  token('key_c003', 'admin', { status: 'revoked', revokedAt: '2026-01-02T00:00:00.000Z', health: health({ revoked: true, reasons: ['revoked'] }) }),
  token('key_d004', 'Old relay', { status: 'expired', expiresAt: '2026-01-15T00:00:00.000Z', health: health({ expired: true, needsAttention: true, reasons: ['expired'] }) }),
]

const names = (list: readonly TokenView[]) => list.map((t) => t.name)

describe('token list derivations', () => {
  it('indexes a list once per array identity', () => {
    expect(indexTokens(tokens)).toBe(indexTokens(tokens))
  })

  it('sorts by name case-insensitively, both ways', () => {
    const asc = sortIndexed(indexTokens(tokens), { key: 'name', direction: 'ascending' })
    expect(names(visibleTokens(asc, 'all', ''))).toEqual(['admin', 'Billing export', 'CI deploy', 'Old relay'])
    const desc = sortIndexed(indexTokens(tokens), { key: 'name', direction: 'descending' })
    expect(names(visibleTokens(desc, 'all', ''))).toEqual(['Old relay', 'CI deploy', 'Billing export', 'admin'])
  })

  it('puts tokens without a value last in either direction', () => {
    for (const direction of ['ascending', 'descending'] as const) {
      const sorted = visibleTokens(sortIndexed(indexTokens(tokens), { key: 'expiresAt', direction }), 'all', '')
      expect(names(sorted).slice(2).sort()).toEqual(['CI deploy', 'admin'])
    }
  })

  it('filters by chip and by every search word, over name, scopes and last four', () => {
    const sorted = sortIndexed(indexTokens(tokens), { key: 'name', direction: 'ascending' })
    expect(names(visibleTokens(sorted, 'attention', ''))).toEqual(['Billing export', 'Old relay'])
    expect(names(visibleTokens(sorted, 'revoked', ''))).toEqual(['admin'])
    expect(names(visibleTokens(sorted, 'all', 'DOMAINS:write'))).toEqual(['CI deploy'])
    expect(names(visibleTokens(sorted, 'all', 'b002'))).toEqual(['CI deploy'])
    expect(names(visibleTokens(sorted, 'all', 'old  relay'))).toEqual(['Old relay'])
    expect(names(visibleTokens(sorted, 'active', 'relay'))).toEqual([])
  })

  it('counts each filter chip', () => {
    expect(filterCounts(tokens)).toEqual({ all: 4, active: 2, attention: 2, expired: 1, revoked: 1 })
  })
})
