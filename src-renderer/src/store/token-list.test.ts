import { describe, expect, it } from 'vitest'
import type { TokenHealth, TokenView } from '@shared/models'
import type { SortKey } from './slices/tokens'
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
  token('key_d004', 'Old relay', { status: 'expired', expiresAt: '2026-01-15T00:00:00.000Z', health: health({ expired: true, reasons: ['expired'] }) }),
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
    expect(names(visibleTokens(sorted, 'attention', ''))).toEqual(['Billing export'])
    expect(names(visibleTokens(sorted, 'revoked', ''))).toEqual(['admin'])
    expect(names(visibleTokens(sorted, 'all', 'DOMAINS:write'))).toEqual(['CI deploy'])
    expect(names(visibleTokens(sorted, 'all', 'b002'))).toEqual(['CI deploy'])
    expect(names(visibleTokens(sorted, 'all', 'old  relay'))).toEqual(['Old relay'])
    expect(names(visibleTokens(sorted, 'active', 'relay'))).toEqual([])
  })

  it('counts each filter chip', () => {
    expect(filterCounts(tokens)).toEqual({ all: 4, active: 2, attention: 1, expired: 1, revoked: 1 })
  })

  it('sorts by status with what needs the user first: attention, active, then dead ones, soonest expiry first within each', () => {
    const more = [
      ...tokens,
      token('key_e005', 'Soon', { expiresAt: '2026-02-01T00:00:00.000Z', health: health({ needsAttention: true, reasons: ['expiring'] }) }),
      token('key_f006', 'Long', { expiresAt: '2026-06-01T00:00:00.000Z' }),
    ]
    const sorted = sortIndexed(indexTokens(more), { key: 'status', direction: 'ascending' })
    expect(names(visibleTokens(sorted, 'all', ''))).toEqual(['Soon', 'Billing export', 'Long', 'CI deploy', 'Old relay', 'admin'])
  })

  it('shows a token being replaced right after its successor, whatever the sort', () => {
    const old = token('key_o001', 'Deploy', { successorId: 'key_n002', expiresAt: '2026-01-02T00:00:00.000Z', health: health({ beingReplaced: true, reasons: ['replacing'] }) })
    const next = token('key_n002', 'Deploy', { expiresAt: '2026-04-01T00:00:00.000Z' })
    const list = [old, ...tokens, next]
    for (const sort of [{ key: 'expiresAt', direction: 'ascending' }, { key: 'expiresAt', direction: 'descending' }, { key: 'status', direction: 'ascending' }] as const) {
      const ids = visibleTokens(sortIndexed(indexTokens(list), sort), 'all', '').map((t) => t.id)
      expect(ids.indexOf('key_o001'), `${sort.key} ${sort.direction}`).toBe(ids.indexOf('key_n002') + 1)
      expect(ids).toHaveLength(list.length)
    }
    // Its successor filtered out (here: by a search), it stays in the list on its own.
    expect(visibleTokens(sortIndexed(indexTokens(list), { key: 'name', direction: 'ascending' }), 'all', 'key_o001').map((t) => t.id)).toEqual(['key_o001'])
  })

  it('answers every query of a typing session as a fresh search would, narrowing or not', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      token(`key_${String(i).padStart(4, '0')}`, `svc-${i % 7}-${i % 11} relay${i % 13 === 0 ? ' café' : ''}`, {
        scopes: i % 3 === 0 ? ['dns:write'] : ['account:read'],
        ...(i % 5 === 0 ? { status: 'revoked' as const } : {}),
      }),
    )
    const sorted = sortIndexed(indexTokens(many), { key: 'name', direction: 'ascending' })
    const fresh = (filter: 'all' | 'active', query: string) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean)
      return sorted
        .filter((i) => filter === 'all' || i.token.status === 'active')
        .filter((i) => words.every((w) => `${i.token.name}\u0000${i.token.scopes.join(' ')}\u0000${i.token.hint}\u0000${i.token.id}`.toLowerCase().includes(w)))
        .map((i) => i.token.id)
    }
    // Typing on, deleting, replacing a word, adding one, a filter chip in between.
    const session: ReadonlyArray<readonly ['all' | 'active', string]> = [
      ['all', 's'], ['all', 'sv'], ['all', 'svc-3'], ['all', 'svc-3-'], ['all', 'svc-3-1'], ['all', 'svc-3-'], ['all', 'svc-3-4'],
      ['all', 'svc-3-4 dns'], ['all', 'svc-3 dns'], ['active', 'svc-3 dns'], ['active', 'dns'], ['all', 'dns'], ['all', 'DNS:W'],
      ['all', 'relay 00'], ['all', 'relay 0'], ['all', ''], ['all', 'nothing-matches'], ['all', 'nothing'],
      // One character into an empty box (answered from each row's character set), a chip on or off.
      ['all', ''], ['all', '7'], ['all', ''], ['all', 'D'], ['all', ''], ['active', 's'], ['active', ''], ['active', ':'], ['all', ''],
      ['all', '-'], ['all', ''], ['all', 'z'], ['all', ''], ['all', 'é'], ['all', ''], ['all', '\u0130'], ['all', ''], ['all', '9'], ['all', '98'],
    ]
    // Every character with its own bit, and some without one.
    const everyChar = [...'abcdefghijklmnopqrstuvwxyz0123456789-_:.@/é#'].flatMap((c) => [['all', c], ['all', '']] as const)
    for (const [filter, query] of [...session, ...everyChar]) {
      expect(visibleTokens(sorted, filter, query).map((t) => t.id), `${filter} "${query}"`).toEqual(fresh(filter, query))
    }
  })

  it('sorts every column both ways as a plain comparison of its values would, ties by name', () => {
    const day = 86_400_000
    const iso = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * day).toISOString()
    const statuses = ['active', 'expired', 'revoked'] as const
    const many = Array.from({ length: 240 }, (_, i) =>
      token(`key_${String(i).padStart(4, '0')}`, `Token ${(i * 7) % 31}`, {
        scopes: [['dns:write'], ['account:read', 'dns:read'], ['Billing:read']][i % 3] as string[],
        createdAt: iso(i % 17),
        lastUsed: i % 5 === 0 ? null : iso(i % 23),
        expiresAt: i % 4 === 0 ? null : iso(i % 13),
        status: statuses[i % 7 === 0 ? 2 : i % 5 === 0 ? 1 : 0],
        health: health({ needsAttention: i % 3 === 0 }),
      }),
    )
    const value = (t: TokenView, key: SortKey): number | string | null => {
      switch (key) {
        case 'name':
          return t.name.toLowerCase()
        case 'scopes':
          return t.scopes.join(' ').toLowerCase()
        case 'createdAt':
          return Date.parse(t.createdAt)
        case 'lastUsed':
          return t.lastUsed ? Date.parse(t.lastUsed) : null
        case 'expiresAt':
          return t.expiresAt ? Date.parse(t.expiresAt) : null
        case 'status':
          // The rank (attention, active, expired, revoked), then the soonest expiry (none last).
          return ({ active: 0, expired: 1, revoked: 2 }[t.status] * 2 + (t.status === 'active' && !t.health.needsAttention ? 1 : 0)) * 1e14 + (t.expiresAt ? Date.parse(t.expiresAt) : 1e14 - 1)
      }
    }
    const keys: SortKey[] = ['name', 'scopes', 'createdAt', 'lastUsed', 'expiresAt', 'status']
    for (const key of keys) {
      for (const direction of ['ascending', 'descending'] as const) {
        const dir = direction === 'ascending' ? 1 : -1
        const expected = [...many].sort((a, b) => {
          const va = value(a, key)
          const vb = value(b, key)
          if (va === null || vb === null) {
            if (va !== vb) return va === null ? 1 : -1
          } else if (va !== vb) return (va < vb ? -1 : 1) * dir
          return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
        })
        const got = visibleTokens(sortIndexed(indexTokens(many), { key, direction }), 'all', '')
        expect(got.map((t) => t.id), `${key} ${direction}`).toEqual(expected.map((t) => t.id))
      }
    }
  })
})
