/**
 * Pure list derivations for the token table. A keystroke must stay within a frame at 10,000 tokens
 * (and close at 100,000), so everything that does not depend on the query is computed once per list
 * (search text, sort columns) or once per list and sort (the order), and a keystroke is one pass of
 * `indexOf` over one precomputed lower-cased string, allocating nothing per token.
 */
import type { TokenList, TokenView } from '@shared/models'
import type { Sort, SortKey, TokenFilter } from './slices/tokens'

export interface Indexed {
  readonly token: TokenView
  /** The token's position in its list (and in the list's search text). */
  readonly row: number
}

/**
 * A list's search text: every token's name, scopes, hint and id, lower-cased once, in list order,
 * one token per line. Query words never contain whitespace, so a word found in it never spans two
 * tokens; `starts[r]` is where token r's text begins (`starts[n]` is one past the end).
 */
interface SearchText {
  readonly text: string
  readonly starts: Int32Array
  /**
   * Which characters of `CHAR_BIT` each token's text holds, two 32-bit words per token: a query of
   * one character (the first keystroke into an empty box, the costliest) is answered from these
   * without searching the text.
   */
  readonly chars: Uint32Array
}

/** Bit numbers of the characters a one-character query is answered for (letters, digits, -_:.@/); -1 for others. */
const CHAR_BIT = new Int8Array(128).fill(-1)
;[...'abcdefghijklmnopqrstuvwxyz0123456789-_:.@/'].forEach((c, b) => (CHAR_BIT[c.charCodeAt(0)] = b))

/** The bit of a one-character word, or -1 when the word is longer or its character has none. */
function charBit(word: string): number {
  const c = word.charCodeAt(0)
  return word.length === 1 && c < 128 ? (CHAR_BIT[c] as number) : -1
}

const indexCache = new WeakMap<readonly TokenView[], readonly Indexed[]>()
/** The index (of `indexTokens`) an array of `sortIndexed` was sorted from, or the index itself. */
const sortedFrom = new WeakMap<readonly Indexed[], readonly Indexed[]>()
const searchCache = new WeakMap<readonly Indexed[], SearchText>()

/** The search index of a token array, computed once per array identity. */
export function indexTokens(tokens: readonly TokenView[]): readonly Indexed[] {
  let out = indexCache.get(tokens)
  if (!out) {
    out = tokens.map((token, row) => ({ token, row }))
    indexCache.set(tokens, out)
    sortedFrom.set(out, out)
    // Built with the list, not on the first keystroke: that one should be as quick as the next.
    searchTextOf(out)
  }
  return out
}

function searchTextOf(index: readonly Indexed[]): SearchText {
  let out = searchCache.get(index)
  if (!out) {
    const starts = new Int32Array(index.length + 1)
    const chars = new Uint32Array(index.length * 2)
    const keys = new Array<string>(index.length)
    let at = 0
    for (let r = 0; r < index.length; r++) {
      const t = (index[r] as Indexed).token
      const key = `${t.name}\u0000${t.scopes.join(' ')}\u0000${t.hint}\u0000${t.id}`.toLowerCase()
      keys[r] = key
      starts[r] = at
      at += key.length + 1
      let low = 0
      let high = 0
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i)
        const b = c < 128 ? (CHAR_BIT[c] as number) : -1
        if (b >= 32) high |= 1 << (b - 32)
        else if (b >= 0) low |= 1 << b
      }
      chars[r * 2] = low
      chars[r * 2 + 1] = high
    }
    starts[index.length] = at
    out = { text: keys.join('\n'), starts, chars }
    searchCache.set(index, out)
  }
  return out
}

const STATUS_RANK = { active: 0, expired: 1, revoked: 2 } as const
/** Past any epoch-ms expiry date: a status rank's step, so rank and expiry sort as one number. */
const STATUS_STEP = 1e14

/** A column's sort values in list order: numbers (NaN for none) or lower-cased strings. */
type SortColumn = Float64Array | readonly string[]

const columnCache = new WeakMap<readonly Indexed[], Map<SortKey | 'tie', SortColumn>>()

const time = (iso: string | null) => (iso ? Date.parse(iso) : NaN)

function sortColumn(index: readonly Indexed[], key: SortKey | 'tie'): SortColumn {
  let columns = columnCache.get(index)
  if (!columns) columnCache.set(index, (columns = new Map()))
  let column = columns.get(key)
  if (column) return column
  const n = index.length
  const tokenAt = (r: number) => (index[r] as Indexed).token
  const numbers = (f: (t: TokenView) => number) => {
    const out = new Float64Array(n)
    for (let r = 0; r < n; r++) out[r] = f(tokenAt(r))
    return out
  }
  switch (key) {
    case 'tie':
      column = index.map((i) => i.token.name)
      break
    case 'name':
      column = index.map((i) => i.token.name.toLowerCase())
      break
    case 'scopes':
      column = index.map((i) => i.token.scopes.join(' ').toLowerCase())
      break
    case 'createdAt':
      column = numbers((t) => Date.parse(t.createdAt))
      break
    case 'lastUsed':
      column = numbers((t) => time(t.lastUsed))
      break
    case 'expiresAt':
      column = numbers((t) => time(t.expiresAt))
      break
    case 'status':
      // What needs doing first: active needing attention, then active, then expired, then revoked;
      // within each, the soonest expiry first (none last). The default sort under "All".
      column = numbers((t) => {
        const rank = STATUS_RANK[t.status] * 2 + (t.status === 'active' && !t.health.needsAttention ? 1 : 0)
        return rank * STATUS_STEP + (t.expiresAt ? Date.parse(t.expiresAt) : STATUS_STEP - 1)
      })
      break
  }
  columns.set(key, column)
  return column
}


/**
 * Sorts an index by a column, stable (ties by name); tokens without a value last in both directions;
 * a token in its rotation's grace right after its successor.
 */
export function sortIndexed(items: readonly Indexed[], sort: Sort): readonly Indexed[] {
  const dir = sort.direction === 'ascending' ? 1 : -1
  // Values in list order, computed once per list and column: sorting compares numbers, parses nothing.
  const v = sortColumn(items, sort.key) as ArrayLike<number | string>
  const tie = sortColumn(items, 'tie') as readonly string[]
  const order = Array.from({ length: items.length }, (_, r) => r)
  order.sort((a, b) => {
    const va = v[a] as number | string
    const vb = v[b] as number | string
    // NaN is "no value" (numeric columns only; string columns always have one).
    const noA = va !== va
    const noB = vb !== vb
    if (noA || noB) {
      if (noA !== noB) return noA ? 1 : -1
    } else if (va !== vb) {
      return (va < vb ? -1 : 1) * dir
    }
    const na = tie[a] as string
    const nb = tie[b] as string
    return na < nb ? -1 : na > nb ? 1 : 0
  })
  const out = besideSuccessors(order.map((r) => items[r] as Indexed))
  sortedFrom.set(out, items)
  return out
}

/**
 * Moves each token being replaced (a rotation's grace) to just after its successor, whatever the
 * sort: the two are one credential changing hands, and the old one is read against the new one.
 */
function besideSuccessors(items: Indexed[]): Indexed[] {
  const predecessors = new Map<string, Indexed[]>()
  for (const item of items) {
    const { health, successorId } = item.token
    if (!health.beingReplaced || typeof successorId !== 'string') continue
    const list = predecessors.get(successorId)
    if (list) list.push(item)
    else predecessors.set(successorId, [item])
  }
  if (predecessors.size === 0) return items
  const present = new Set(items.map((i) => i.token.id))
  const moved = new Set<Indexed>()
  for (const [successorId, list] of predecessors) if (present.has(successorId)) for (const item of list) moved.add(item)
  const out: Indexed[] = []
  const place = (item: Indexed) => {
    out.push(item)
    for (const p of predecessors.get(item.token.id) ?? []) if (moved.has(p)) place(p)
  }
  for (const item of items) if (!moved.has(item)) place(item)
  return out
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

/** The previous answer for a sorted index: a narrower query only needs to look at these rows. */
interface LastMatch {
  readonly filter: TokenFilter
  readonly words: readonly string[]
  /** Positions in the sorted index of the rows that matched, ascending. */
  readonly positions: Int32Array
}

const lastMatch = new WeakMap<readonly Indexed[], LastMatch>()
const rankCache = new WeakMap<readonly Indexed[], Int32Array>()

/** Each list row's place in a sorted index, once per sorted index (not once per keystroke). */
function rankOf(sorted: readonly Indexed[]): Int32Array {
  let rank = rankCache.get(sorted)
  if (!rank) {
    rank = new Int32Array(sorted.length)
    for (let j = 0; j < sorted.length; j++) rank[(sorted[j] as Indexed).row] = j
    rankCache.set(sorted, rank)
  }
  return rank
}

const sortedCharsCache = new WeakMap<readonly Indexed[], readonly [Uint32Array, Uint32Array]>()

/** The rows' character bits in a sorted index's order, one array per 32-bit word, once per sorted index. */
function sortedCharsOf(sorted: readonly Indexed[], search: SearchText): readonly [Uint32Array, Uint32Array] {
  let out = sortedCharsCache.get(sorted)
  if (!out) {
    const low = new Uint32Array(sorted.length)
    const high = new Uint32Array(sorted.length)
    for (let j = 0; j < sorted.length; j++) {
      const r = (sorted[j] as Indexed).row * 2
      low[j] = search.chars[r] as number
      high[j] = search.chars[r + 1] as number
    }
    sortedCharsCache.set(sorted, (out = [low, high]))
  }
  return out
}

const allTokens = new WeakMap<readonly Indexed[], readonly TokenView[]>()

/** A sorted index's tokens in its order, once per sorted index (a keystroke's matches are read from it). */
function tokensOf(sorted: readonly Indexed[]): readonly TokenView[] {
  let all = allTokens.get(sorted)
  if (!all) allTokens.set(sorted, (all = sorted.map((i) => i.token)))
  return all
}

/** Every word of `before` is part of a word of `now`: whatever matches `now` matched `before`. */
function narrows(now: readonly string[], before: readonly string[]): boolean {
  return before.every((b) => now.some((w) => w.includes(b)))
}

/** Whether list row `r` passes the chip and contains every word from `first` on. */
function rowMatches(search: SearchText, t: TokenView, r: number, filter: TokenFilter, words: readonly string[], first: number): boolean {
  if (filter !== 'all' && !matchesFilter(t, filter)) return false
  if (first >= words.length) return true
  const key = search.text.slice(search.starts[r] as number, (search.starts[r + 1] as number) - 1)
  for (let w = first; w < words.length; w++) if (!key.includes(words[w] as string)) return false
  return true
}

/**
 * The visible rows: sorted index filtered by chip and search words (all must match). The first
 * word is found by `indexOf` jumps through the list's search text (rows without it are skipped at
 * memory speed), the others are checked on the rows it found. When the query only narrows the
 * previous one (typing on), only the previous matches are looked at.
 */
export function visibleTokens(sorted: readonly Indexed[], filter: TokenFilter, query: string): readonly TokenView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const n = sorted.length
  if (words.length === 0 && filter === 'all') {
    lastMatch.delete(sorted)
    return tokensOf(sorted)
  }
  const list = sortedFrom.get(sorted)
  if (!list) throw new Error('visibleTokens needs an array from indexTokens or sortIndexed')
  const search = searchTextOf(list)
  const last = lastMatch.get(sorted)
  let positions: Int32Array
  let found = 0
  if (last && last.filter === filter && narrows(words, last.words)) {
    positions = new Int32Array(last.positions.length)
    for (const j of last.positions) {
      const item = sorted[j] as Indexed
      if (rowMatches(search, item.token, item.row, filter, words, 0)) positions[found++] = j
    }
  } else if (words.length === 1 && charBit(words[0] as string) >= 0) {
    // One character: a row matches when its text holds it, which its character bits tell. The bits
    // are read in sorted order (a copy made once per sorted index), so the pass is one sequential
    // read and the matches come out sorted.
    const bit = charBit(words[0] as string)
    const mask = 1 << (bit & 31)
    const chars = sortedCharsOf(sorted, search)[bit >>> 5] as Uint32Array
    positions = new Int32Array(n)
    if (filter === 'all') {
      for (let j = 0; j < n; j++) if (((chars[j] as number) & mask) !== 0) positions[found++] = j
    } else {
      for (let j = 0; j < n; j++) if (((chars[j] as number) & mask) !== 0 && matchesFilter((sorted[j] as Indexed).token, filter)) positions[found++] = j
    }
  } else if (words.length === 0) {
    positions = new Int32Array(n)
    for (let j = 0; j < n; j++) if (matchesFilter((sorted[j] as Indexed).token, filter)) positions[found++] = j
  } else {
    // Rows found in list order are marked by their place in the sorted order, then read in that order.
    const rank = rankOf(sorted)
    const marked = new Uint8Array(n)
    const { text, starts } = search
    const first = words[0] as string
    // One word and no chip (most keystrokes): a row holding the word is a match, no other check.
    const only = words.length === 1 && filter === 'all'
    let r = 0
    for (let at = text.indexOf(first); at !== -1; at = text.indexOf(first, starts[r + 1] as number)) {
      while ((starts[r + 1] as number) <= at) r++
      if (only || rowMatches(search, (list[r] as Indexed).token, r, filter, words, 1)) {
        marked[rank[r] as number] = 1
        found++
      }
      if (r + 1 >= n) break
    }
    positions = new Int32Array(found)
    for (let j = 0, k = 0; k < found; j++) if (marked[j] === 1) positions[k++] = j
  }
  const kept = positions.subarray(0, found)
  lastMatch.set(sorted, { filter, words, positions: kept })
  // Read from the dense array of the sorted tokens, not through each row's index object.
  const all = tokensOf(sorted)
  const out = new Array<TokenView>(found)
  for (let k = 0; k < found; k++) out[k] = all[kept[k] as number] as TokenView
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
