/**
 * A provider as the renderer sees it (the `providers:list` channel): its descriptor and what core's
 * capability logic (core/providers/capabilities.ts) derives from it — the profile's actions, each
 * token's actions and how a rotation goes. Computed once in core; the renderer looks it up.
 */
import type { TokenStatus } from './models'
import type { ProviderDescriptor, StepUpKind } from './providers'

/** One action as the UI shows it: present or absent, and the one line a user reads beside it. */
export interface ActionView<A extends string = string> {
  readonly action: A
  readonly available: boolean
  /** The button's words ("Rotate", "Replace secret", "Forget"). */
  readonly label: string
  /** Absent: why. Present: what the user must know before doing it, or null. */
  readonly text: string | null
  /** Input the dialog asks for and never keeps (npm: password, then a one-time password when asked). */
  readonly stepUp: readonly StepUpKind[]
}

/**
 * A token's actions for one combination of everything they depend on. Every combination is listed,
 * so the lookup in the renderer is exact rather than a second copy of the rules.
 */
export interface TokenActionsCase {
  readonly status: TokenStatus
  /** The token is the profile's own credential. */
  readonly isCredential: boolean
  /** Its secret is in the keychain. */
  readonly secretStored: boolean
  readonly actions: readonly ActionView<'rotate' | 'revoke'>[]
}

/** What the rotate dialog tells before the user confirms, for one choice of grace period. */
export interface RotationSummary {
  /** Who keeps the old token working for the grace period: the provider, Keyward, or nobody (no grace). */
  readonly graceKeptBy: 'provider' | 'keyward' | null
  readonly notices: readonly string[]
  readonly stepUp: readonly StepUpKind[]
}

export interface ProviderInfo {
  readonly descriptor: ProviderDescriptor
  readonly profileActions: readonly ActionView<'list' | 'create'>[]
  readonly tokenActions: readonly TokenActionsCase[]
  /** Null when Keyward cannot rotate this provider's tokens. */
  readonly rotation: { readonly withoutGrace: RotationSummary; readonly withGrace: RotationSummary } | null
}
