/**
 * The providers as the renderer needs them (`providers:list`): each descriptor with the actions and
 * rotation notices capabilities.ts derives from it, for every token state the actions depend on.
 */
import type { TokenStatus } from '@shared/models'
import type { ProviderInfo, TokenActionsCase } from '@shared/provider-info'
import type { ProviderDescriptor, ProviderToken } from '@shared/providers'
import { profileActions, rotationPlan, tokenActions } from './capabilities'
import { providerDescriptors } from './registry'

const STATUSES: readonly TokenStatus[] = ['active', 'expired', 'revoked']
/** Any positive grace gives the same notices; a day is one the rotate dialog offers. */
const SOME_GRACE_SECONDS = 86_400

/** A token that differs only in what tokenActions reads: its status. */
export function tokenWithStatus(status: TokenStatus): ProviderToken {
  return {
    id: 'catalog-token',
    name: '',
    prefix: '',
    hint: '',
    scopes: [],
    createdAt: null,
    lastUsed: null,
    expiresAt: null,
    revokedAt: null,
    status,
    allowedIps: [],
  }
}

function tokenCases(d: ProviderDescriptor): TokenActionsCase[] {
  return STATUSES.flatMap((status) =>
    [false, true].flatMap((isCredential) =>
      [false, true].map((secretStored) => ({
        status,
        isCredential,
        secretStored,
        actions: tokenActions(d, tokenWithStatus(status), { isCredential, secretStored }),
      })),
    ),
  )
}

function rotation(d: ProviderDescriptor): ProviderInfo['rotation'] {
  if (d.rotation === 'none') return null
  const summary = (grace: number) => {
    // The safety grace only changes what a native-grace provider is asked for, never what the user reads.
    const plan = rotationPlan(d, grace, 0)
    return { graceKeptBy: plan.graceKeptBy, notices: plan.notices, stepUp: plan.stepUp }
  }
  return { withoutGrace: summary(0), withGrace: summary(SOME_GRACE_SECONDS) }
}

/** Every provider Keyward knows, in the order the profile dialog offers them. */
export function providerCatalog(): ProviderInfo[] {
  return providerDescriptors().map((descriptor) => ({
    descriptor,
    profileActions: profileActions(descriptor),
    tokenActions: tokenCases(descriptor),
    rotation: rotation(descriptor),
  }))
}
