/**
 * One zod schema per shape that crosses a boundary (the settings file, the token cache, IPC): the
 * TypeScript types are inferred from these (shared/models.ts), core validates what it reads with
 * them, and the renderer's forms can check input with the very same rules.
 */
import { z } from 'zod'

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const
export const environmentSchema = z.enum(ENVIRONMENTS)

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  environment: environmentSchema,
  status: z.enum(['active', 'suspended']),
})

/** Every provider Keyward knows (core/providers/registry.ts has one adapter per id). */
export const PROVIDER_IDS = ['token-api-v1', 'npm', 'gitlab', 'github', 'any-secret'] as const
export const providerIdSchema = z.enum(PROVIDER_IDS)

/**
 * A token id at any provider (Token API `key_…`, npm's key, GitLab's number, Keyward's own `gh-…`
 * and `sec-…`). Ids name keychain accounts (`<profileId>/<tokenId>`), so they are restricted to
 * safe characters — never a slash — and never `credential`, the profile's own account.
 */
export const PROVIDER_TOKEN_ID_RE = /^[0-9A-Za-z][0-9A-Za-z_.-]{0,127}$/
export const tokenIdSchema = z
  .string()
  .regex(PROVIDER_TOKEN_ID_RE, 'not a token id')
  .refine((v) => v !== 'credential', 'not a token id')

/** Who a credential belongs to: an npm user, a GitLab user, a GitHub login, a Token API organization. */
export const providerAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The environment the account says it is (Token API organizations do), null when it cannot tell. */
  environment: environmentSchema.nullable(),
  status: z.enum(['active', 'suspended']),
})

/** A profile: one provider account in one environment. Its credential lives in the keychain, never here. */
export const profileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  environment: environmentSchema,
  provider: providerIdSchema,
  /** The provider's API; '' for providers without one (any secret). */
  baseUrl: z.string(),
  createdAt: z.string(),
  /** The Token API organization (token-api-v1 profiles only). */
  organization: organizationSchema.nullable(),
  /** Who the credential is at the provider; null when the provider cannot tell (any secret) or for older files. */
  account: providerAccountSchema.nullable().default(null),
  /** True for the profiles Keyward created for its built-in sandbox. */
  sandbox: z.boolean(),
})

const isoTime = z.iso.datetime({ offset: true })

/** What the user entered about a secret from any dashboard (any-secret tokens only; never the secret). */
export const enteredSchema = z.object({
  providerLabel: z.string(),
  environment: environmentSchema,
  notes: z.string(),
})

/**
 * A token's metadata as Keyward keeps and shows it, for every provider (the Token API's ApiKey,
 * camelCased, widened): any id a provider gives, any type marker. Never the secret.
 */
export const apiKeySchema = z.object({
  id: tokenIdSchema,
  name: z.string(),
  /** The token's type marker (`sk_live_`, `npm_`, `glpat-`, `ghp_`), '' when it has none. */
  prefix: z.string().max(64),
  hint: z.string(),
  scopes: z.array(z.string()),
  createdAt: isoTime,
  lastUsed: isoTime.nullable(),
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
  allowedIps: z.array(z.string()),
  /** The token that replaces this one while it lives out a rotation's grace period (absent from older caches). */
  successorId: z.string().nullable().optional(),
  /**
   * False when the provider does not tell when the token was created (GitHub): createdAt is then
   * when Keyward added it, and health counts the token's age from there. Absent: the provider's own.
   */
  createdAtKnown: z.boolean().optional(),
  /** Any secret: what the user entered besides name, scopes and expiry. */
  entered: enteredSchema.optional(),
})

/**
 * A whole number between min and max; every way of missing (not a number, a fraction, out of
 * range) says the same sentence, naming the setting — the settings form shows it beside its field.
 */
function wholeNumber(what: string, unit: string, min: number, max: number) {
  const error = `${what} must be a whole number of ${unit} between ${min} and ${max}.`
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error })
}

const leadTimesError = 'Remind before expiry takes one to five whole numbers of days between 1 and 365, e.g. 7, 1.'
const leadTimeDays = z.number({ error: leadTimesError }).int({ error: leadTimesError }).min(1, { error: leadTimesError }).max(365, { error: leadTimesError })
const periodDays = (what: string) => wholeNumber(what, 'days', 1, 3650)

export const reminderRulesSchema = z.object({ expiry: z.boolean(), rotation: z.boolean(), stale: z.boolean() })

export const reminderSettingsSchema = z.object({
  /** Days before expiry at which to remind, e.g. [7, 1]. */
  leadTimesDays: z
    .array(leadTimeDays)
    .min(1, { error: leadTimesError })
    .max(5, { error: leadTimesError }),
  rotationAgeDays: periodDays('Rotation age'),
  staleDays: periodDays('“Stale after”'),
  /** A never-used token counts as stale this many days after creation. */
  neverUsedGraceDays: periodDays('“Never used counts as stale after”'),
  rules: reminderRulesSchema,
})

export const settingsSchema = z.object({
  reminders: reminderSettingsSchema,
  /** Seconds after which a copied secret is cleared from the clipboard; null = never. */
  clipboardClearSeconds: wholeNumber('Clipboard clear delay', 'seconds', 10, 300).nullable(),
  closeToTray: z.boolean(),
  launchAtLogin: z.boolean(),
  sandboxEnabled: z.boolean(),
})

/** What settings:update accepts: any part of the settings, each reminder field and rule on its own. */
export const settingsPatchSchema = settingsSchema
  .extend({ reminders: reminderSettingsSchema.extend({ rules: reminderRulesSchema.partial() }).partial() })
  .partial()
  .strict()

/** Readonly all the way down: models are data, updated by copy. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T
