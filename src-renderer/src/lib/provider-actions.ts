/**
 * Looks up what core derived for a provider (providers:list): a token's actions, a profile's. The
 * rules themselves live in core (core/providers/capabilities.ts); nothing here decides anything.
 */
import type { ProfileView, TokenView } from '@shared/models'
import type { ActionView, ProviderInfo } from '@shared/provider-info'

/** The rotate and revoke actions of one token in its profile, or null while the catalog loads. */
export function tokenActionsOf(info: ProviderInfo | null, profile: ProfileView, token: TokenView): { readonly rotate: ActionView; readonly revoke: ActionView } | null {
  if (!info) return null
  const isCredential = token.id === profile.credentialKeyId
  const found = info.tokenActions.find((c) => c.status === token.status && c.isCredential === isCredential && c.secretStored === token.health.stored)
  const rotate = found?.actions.find((a) => a.action === 'rotate')
  const revoke = found?.actions.find((a) => a.action === 'revoke')
  return rotate && revoke ? { rotate, revoke } : null
}

/** A profile-level action (list or create) of a provider, or null while the catalog loads. */
export function profileActionOf(info: ProviderInfo | null, action: 'list' | 'create'): ActionView | null {
  return info?.profileActions.find((a) => a.action === action) ?? null
}
