/**
 * Tokens Keyward lists itself, for providers with no list endpoint (inventory: 'local' — GitHub,
 * any secret): the records in persistence (core/persistence/local-inventory), their secrets in the
 * keychain, and the profile's cached list kept in step so the CLI and the quick switcher see them.
 */
import type { ApiKey } from '../../shared/models'
import type { ProviderToken } from '../../shared/providers'
import type { LocalRecord } from '../persistence/local-inventory'
import type { StoredProfile } from '../persistence/state-file'
import { vaultAccount } from '../vault'
import type { CoreContext } from './context'

/**
 * A provider's token as Keyward keeps it: a token whose provider tells no creation time (GitHub)
 * counts its age from `addedAt`, marked createdAtKnown: false so the UI can say "added".
 */
export function asKept(token: ProviderToken, addedAt: string): ApiKey {
  if (token.createdAt !== null) return token as ApiKey
  return { ...token, createdAt: addedAt, createdAtKnown: false }
}

/** A kept record as lists show it: past its expiry it is expired, whatever it was when added. */
export function keptToken(record: LocalRecord, now: Date): ApiKey {
  const t = asKept(record.token, record.addedAt)
  const lapsed = t.status === 'active' && t.expiresAt !== null && Date.parse(t.expiresAt) <= now.getTime()
  return lapsed ? { ...t, status: 'expired' } : t
}

export function localTokens(ctx: CoreContext, profileId: string): ApiKey[] {
  const now = ctx.now()
  return ctx.inventory.list(profileId).map((r) => keptToken(r, now))
}

/** The cached list (what the CLI reads) replaced by the kept records. */
export function syncCache(ctx: CoreContext, profileId: string): ApiKey[] {
  const tokens = localTokens(ctx, profileId)
  ctx.cache.set(profileId, { fetchedAt: ctx.now().toISOString(), tokens })
  return tokens
}

/** Keeps a token: its secret in the keychain first (a record without it is of no use), then the record. */
export async function localAdd(ctx: CoreContext, profile: StoredProfile, token: ProviderToken, secret: string): Promise<ApiKey> {
  await ctx.vault.set(vaultAccount.token(profile.id, token.id), secret)
  const record = ctx.inventory.put(profile.id, token, ctx.now().toISOString())
  syncCache(ctx, profile.id)
  return keptToken(record, ctx.now())
}
