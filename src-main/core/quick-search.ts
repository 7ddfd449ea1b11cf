/**
 * The quick switcher's matching and order (Ctrl/Cmd+K): every word of the query must match the
 * token's name, its profile's name or environment, a scope, its last four or its id, each word in
 * any of them; match-sorter ranks the matches. Among equally good matches what Enter can copy comes
 * first (recently copied before the rest), and finished tokens go last, revoked after expired.
 */
import { matchSorter, rankings, type RankedItem } from 'match-sorter'
import type { Environment, QuickResult } from '../shared/models'

/** One token as the switcher searches it: the result it shows and what else it matches on. */
export interface QuickCandidate {
  readonly result: QuickResult
  readonly scopes: readonly string[]
}

/** The words a user calls an environment by, besides its short name. */
const ENVIRONMENT_WORDS: Readonly<Record<Environment, string>> = { dev: 'dev development', staging: 'staging', prod: 'prod production live' }

const KEYS = [
  (c: QuickCandidate) => c.result.name,
  (c: QuickCandidate) => c.result.profileName,
  (c: QuickCandidate) => ENVIRONMENT_WORDS[c.result.environment],
  (c: QuickCandidate) => [...c.scopes],
  (c: QuickCandidate) => c.result.hint,
  (c: QuickCandidate) => c.result.tokenId,
]

/** `profileId/tokenId`, the key of a token across profiles. */
export function quickKey(r: { readonly profileId: string; readonly tokenId: string }): string {
  return `${r.profileId}/${r.tokenId}`
}

const copyable = (r: QuickResult) => r.stored && r.status === 'active'
const FINISHED_RANK = { active: 0, expired: 1, revoked: 2 } as const

/**
 * The matches of `query` in order, at most `limit`. `recent` holds the keys (quickKey) of the
 * recently copied tokens, newest first.
 */
export function rankQuickResults(candidates: readonly QuickCandidate[], query: string, recent: readonly string[], limit: number): QuickResult[] {
  const recency = new Map(recent.map((key, i) => [key, i]))
  /** Copy first: recently copied (newest first), then the other copyable ones, then the rest. */
  const usefulness = (r: QuickResult) => (copyable(r) ? (recency.get(quickKey(r)) ?? recent.length) : recent.length + 1)
  const byUse = (a: QuickResult, b: QuickResult) => usefulness(a) - usefulness(b)
  const baseSort = (a: RankedItem<QuickCandidate>, b: RankedItem<QuickCandidate>) => byUse(a.item.result, b.item.result) || a.index - b.index
  const words = query.trim().split(/\s+/).filter(Boolean)
  // match-sorter's recipe for several words: each word filters what the next left; the ranking is
  // the first word's (reduceRight ends with it). Contains or better: no fuzzy letter soup.
  const matched = words.length === 0 ? [...candidates].sort((a, b) => byUse(a.result, b.result)) : words.reduceRight<readonly QuickCandidate[]>((rows, word) => matchSorter(rows, word, { keys: KEYS, threshold: rankings.CONTAINS, baseSort }), candidates)
  // Stable: the match order stays within live, expired and revoked.
  const ordered = [...matched].sort((a, b) => FINISHED_RANK[a.result.status] - FINISHED_RANK[b.result.status])
  return ordered.slice(0, limit).map((c) => c.result)
}
