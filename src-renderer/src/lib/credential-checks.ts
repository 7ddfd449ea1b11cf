/**
 * Credential formats the renderer can check as the user types, from shared code. The Token API's
 * is public (shared/token-format); every other provider's credential is checked by core, which
 * identifies it at the provider (Test connection, save, add).
 */
import type { ProviderId } from '@shared/providers'
import { checkSecret, type SecretCheck } from '@shared/token-format'

const OFFLINE_CHECKS: Partial<Record<ProviderId, (credential: string) => SecretCheck>> = { 'token-api-v1': checkSecret }

/** The offline check of a pasted credential, or null when only the provider can tell. */
export function offlineCheck(provider: ProviderId, credential: string): SecretCheck | null {
  const check = OFFLINE_CHECKS[provider]
  return check && credential ? check(credential) : null
}
