/**
 * The provider-side steps of a rotation that core journals (see capabilities.rotationPlan):
 * verifying that a new secret works and belongs to the same account before the old one goes.
 */
import type { Identity } from '@shared/providers'
import { ProviderError } from './errors'
import type { ConnectOptions, Provider } from './port'

/**
 * The `verify` step: the new secret identifies at the provider as the same account. Throws
 * KEY_NOT_ACTIVE (the new secret does not work) or VALIDATION_FAILED (another account's).
 */
export async function verifyNewCredential(provider: Provider, options: ConnectOptions, expectedAccountId: string): Promise<Identity> {
  let identity: Identity
  try {
    identity = await provider.connect(options).identify()
  } catch (error) {
    if (error instanceof ProviderError && error.code === 'INVALID_API_KEY') {
      throw new ProviderError('KEY_NOT_ACTIVE', `The new ${provider.descriptor.credentialLabel} does not work at ${provider.descriptor.label} yet; Keyward keeps the old one.`, error.status)
    }
    throw error
  }
  if (identity.account.id !== expectedAccountId) {
    throw new ProviderError(
      'VALIDATION_FAILED',
      `The new ${provider.descriptor.credentialLabel} belongs to ${identity.account.name}, not to the account of the old one; Keyward keeps the old one.`,
      0,
    )
  }
  return identity
}
