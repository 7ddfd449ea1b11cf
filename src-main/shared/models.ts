/**
 * Readonly data shared by main and renderer. Update by copy. The shapes that are read from disk or
 * validated at a boundary are inferred from their one schema in shared/schemas.ts.
 */
import type { z } from 'zod'
import type { apiKeySchema, DeepReadonly, organizationSchema, profileSchema, reminderSettingsSchema, settingsSchema } from './schemas'

export { ENVIRONMENTS } from './schemas'
export type Environment = Organization['environment']

export type Organization = DeepReadonly<z.infer<typeof organizationSchema>>
export type OrganizationStatus = Organization['status']

/** A profile: one environment's token API. Its credential lives in the keychain, never here. */
export type Profile = DeepReadonly<z.infer<typeof profileSchema>>

/** A profile as the sidebar shows it. */
export interface ProfileView extends Profile {
  /** Tokens needing attention in the last known list (null when never fetched). */
  readonly attention: number | null
  /** Mismatches worth a visible warning (e.g. an sk_live_ key on a dev profile). */
  readonly warnings: readonly string[]
  /** Whether the profile's credential is in the keychain; null when the keychain cannot be read (see keychainProblem). */
  readonly credentialStored: boolean | null
  /** Why the keychain could not be read just now (e.g. locked) and what to do; null when it could. */
  readonly keychainProblem: string | null
  /** The id of the key the profile's credential is, when known: revoking it locks the profile out. */
  readonly credentialKeyId: string | null
}

export type { SecretPrefix } from './token-format'

/** A token's metadata as the Token API returns it (camelCased). Never the secret. */
export type ApiKey = DeepReadonly<z.infer<typeof apiKeySchema>>
export type TokenStatus = ApiKey['status']

export interface Scope {
  readonly name: string
  readonly description: string
}

export type HealthReason =
  | 'revoked'
  | 'expired'
  | 'expiring'
  | 'rotation-due'
  | 'stale'
  | 'never-used'
  /** Rotated with a grace period: ending on purpose, its successor already issued. */
  | 'replacing'

/**
 * How urgent a token's expiry is, by the user's lead times: `none` has no expiry, `calm` lies beyond
 * every lead time, `soon` within the longest one only, `urgent` within a shorter one, `past` is over.
 * The row colour and the "Expiring" chip both come from this one fact, so they never disagree.
 */
export type ExpiryTone = 'none' | 'calm' | 'soon' | 'urgent' | 'past'

/** Health of one token relative to a moment; computed by core/health. */
export interface TokenHealth {
  readonly revoked: boolean
  readonly expired: boolean
  /** Smallest configured lead time (days) the expiry falls within, or null. */
  readonly expiringWithinDays: number | null
  /** Whole days until expiry (negative when past), or null without expiry. */
  readonly daysToExpiry: number | null
  /** The expiry's urgency by the user's lead times (see ExpiryTone). */
  readonly expiryTone: ExpiryTone
  readonly rotationDue: boolean
  readonly ageDays: number
  readonly stale: boolean
  readonly neverUsed: boolean
  readonly stored: boolean
  readonly needsAttention: boolean
  /** In a rotation's grace period: being replaced by `successorId`, so no reminder asks to rotate it. */
  readonly beingReplaced: boolean
  readonly reasons: readonly HealthReason[]
}

export interface TokenView extends ApiKey {
  readonly health: TokenHealth
}

export interface TokenList {
  readonly profileId: string
  readonly tokens: readonly TokenView[]
  /** How many of `tokens` need attention (health.needsAttention), counted once in core. */
  readonly attention: number
  /** True when served from the offline cache because the API could not be reached. */
  readonly stale: boolean
  readonly fetchedAt: string
  /** Why the list is stale, in words a user can act on. */
  readonly staleReason: string | null
  /**
   * Set when the keychain could not be read (e.g. locked): then no token shows as stored, which
   * says nothing about whether its secret is there. What to do, in words.
   */
  readonly keychainProblem: string | null
}

/** The show-once result of create and rotate: the only time a secret enters the renderer. */
export interface ShowOnce {
  readonly token: TokenView
  readonly secret: string
  readonly stored: boolean
  /** When not stored: why, and that the user must copy it now. */
  readonly storeError: string | null
}

export interface RotateResult extends ShowOnce {
  readonly oldToken: TokenView
  /** Something the user must know although the rotation went through (e.g. the new key could not be verified). */
  readonly warning?: string | null
}

/** A copy to the clipboard: when it clears (null = never), and its id in the clipboard event that says how it ended. */
export interface Copied {
  readonly clearsAt: string | null
  readonly copyId: number
}

export type ReminderSettings = DeepReadonly<z.infer<typeof reminderSettingsSchema>>
export type ReminderRule = keyof ReminderSettings['rules']

export type Settings = DeepReadonly<z.infer<typeof settingsSchema>>

export const DEFAULT_SETTINGS: Settings = {
  reminders: {
    // Shorter than the default 30-day lifetime, so a token just created never needs attention (GitHub and GitLab warn 7 days ahead).
    leadTimesDays: [7, 1],
    rotationAgeDays: 90,
    staleDays: 90,
    neverUsedGraceDays: 30,
    rules: { expiry: true, rotation: true, stale: true },
  },
  clipboardClearSeconds: 30,
  closeToTray: true,
  launchAtLogin: false,
  sandboxEnabled: true,
}

/** A desktop notification the shell should show. */
export interface ReminderNotification {
  readonly id: string
  readonly title: string
  readonly body: string
  /** The token a click opens; null for a digest (opens the attention filter). */
  readonly target: { readonly profileId: string; readonly tokenId: string } | null
}

/** One row of the Ctrl/Cmd+K quick switcher. */
export interface QuickResult {
  readonly profileId: string
  readonly profileName: string
  readonly environment: Environment
  readonly tokenId: string
  readonly name: string
  readonly hint: string
  readonly status: TokenStatus
  readonly stored: boolean
}

/** A rotation interrupted by a crash, found on start. */
export interface InterruptedRotation {
  readonly id: string
  readonly profileId: string
  readonly oldTokenId: string
  readonly newTokenId: string | null
  readonly tokenName: string
  readonly step: 'started' | 'rotated' | 'stored' | 'verified'
  readonly startedAt: string
  /** What happened and what Keyward did about it, in words. */
  readonly message: string
}

export interface AppInfo {
  readonly version: string
  readonly mode: 'development' | 'production'
  readonly keychain: { readonly available: boolean; readonly message: string | null }
  readonly sandbox: { readonly running: boolean; readonly url: string | null }
  /** Settings-file problems found at start (e.g. a corrupt file kept as a backup). */
  readonly settingsProblem: string | null
  /** Why the built-in sandbox is not running although it is enabled (it could not start). */
  readonly sandboxProblem: string | null
  readonly interruptedRotations: readonly InterruptedRotation[]
  /** The first-launch welcome while the sandbox's profiles exist and it was not dismissed; null otherwise. */
  readonly welcome: Welcome | null
}

/** What the first-launch welcome offers: the sandbox's sample token, whose secret is in the keychain. */
export interface Welcome {
  readonly sample: { readonly profileId: string; readonly tokenId: string; readonly name: string } | null
}
