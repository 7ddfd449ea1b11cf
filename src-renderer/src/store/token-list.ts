/**
 * Pure list derivations for the token table. With 10,000 tokens a keystroke must stay under a
 * frame, so the expensive parts (lowercasing, sorting) run once per list and per sort, and a
 * keystroke only runs `includes` over precomputed keys.
 */
import type { TokenList, TokenView } from '@shared/models'
import type { Sort, SortKey, TokenFilter } from './slices/tokens'

export interface Indexed {
  readonly token: TokenView
  /** Lowercased name, scopes, hint and id, joined once per list. */
  readonly key: string
}

const indexCache = new WeakMap<readonly TokenView[], readonly Indexed[]>()

/** The search index of a token array, computed once per array identity. */
export function indexTokens(tokens: readonly TokenView[]): readonly Indexed[] {
  let out = indexCache.get(tokens)
  if (!out) {
    out = tokens.map((token) => ({
      token,
      key: `${token.name}\u0000${token.scopes.join(' ')}\u0000${token.hint}\u0000${token.id}`.toLowerCase(),
    }))
    indexCache.set(tokens, out)
  }
  return out
}

const STATUS_RANK = { active: 0, expired: 1, revoked: 2 } as const

/** A sortable number or string per token for a column; nulls sort last in both directions. */
function sortValue(t: TokenView, key: SortKey): number | string | null {
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
      // Attention first within active, so "status" sorts by what needs doing.
      return STATUS_RANK[t.status] * 2 + (t.status === 'active' && !t.health.needsAttention ? 1 : 0)
  }
}

/** Sorts an index by a column, stable (ties by name). */
export function sortIndexed(items: readonly Indexed[], sort: Sort): readonly Indexed[] {
  const dir = sort.direction === 'ascending' ? 1 : -1
  const keyed = items.map((item) => ({ item, v: sortValue(item.token, sort.key), n: item.token.name }))
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== b.v) return a.v === null ? 1 : -1
    } else if (a.v !== b.v) {
      return (a.v < b.v ? -1 : 1) * dir
    }
    return a.n < b.n ? -1 : a.n > b.n ? 1 : 0
  })
  return keyed.map((k) => k.item)
}

/** Whether a token passes a filter chip. */
export function matchesFilter(t: TokenView, filter: TokenFilter): boolean {
  switch (filter) {
    case 'all':
      return true
    case 'active':
      return t.status === 'active'
    case 'attention':
      return t.health.needsAttention
    case 'expired':
      return t.status === 'expired'
    case 'revoked':
      return t.status === 'revoked'
  }
}

/** The visible rows: sorted index filtered by chip and search words (all must match). */
export function visibleTokens(sorted: readonly Indexed[], filter: TokenFilter, query: string): readonly TokenView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const out: TokenView[] = []
  for (const item of sorted) {
    if (filter !== 'all' && !matchesFilter(item.token, filter)) continue
    let ok = true
    for (const w of words) {
      if (!item.key.includes(w)) {
        ok = false
        break
      }
    }
    if (ok) out.push(item.token)
  }
  return out
}

/** Counts per filter chip, once per list. */
export function filterCounts(tokens: readonly TokenView[]): Readonly<Record<TokenFilter, number>> {
  const c = { all: tokens.length, active: 0, attention: 0, expired: 0, revoked: 0 }
  for (const t of tokens) {
    if (t.status === 'active') c.active++
    else if (t.status === 'expired') c.expired++
    else c.revoked++
    if (t.health.needsAttention) c.attention++
  }
  return c
}

/** How many of a list's tokens need attention: core's count, never the renderer's. */
export function listAttention(list: TokenList): number {
  return list.attention
}
