/**
 * One zod schema per shape that crosses a boundary (the settings file, the token cache, IPC): the
 * TypeScript types are inferred from these (shared/models.ts), core validates what it reads with
 * them, and the renderer's forms can check input with the very same rules.
 */
import { z } from 'zod'
import { SECRET_PREFIXES } from './token-format'

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const
export const environmentSchema = z.enum(ENVIRONMENTS)

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  environment: environmentSchema,
  status: z.enum(['active', 'suspended']),
})

/** A profile: one environment's token API. Its credential lives in the keychain, never here. */
export const profileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  environment: environmentSchema,
  provider: z.literal('token-api-v1'),
  baseUrl: z.string().min(1),
  createdAt: z.string(),
  organization: organizationSchema.nullable(),
  /** True for the profiles Keyward created for its built-in sandbox. */
  sandbox: z.boolean(),
})

const isoTime = z.iso.datetime({ offset: true })

/** A token's metadata as the Token API returns it (camelCased). Never the secret. */
export const apiKeySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  prefix: z.enum(SECRET_PREFIXES),
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
})

const leadTimeDays = z.number().int().min(1).max(365)
const periodDays = z.number().int().min(1).max(3650)

export const reminderRulesSchema = z.object({ expiry: z.boolean(), rotation: z.boolean(), stale: z.boolean() })

export const reminderSettingsSchema = z.object({
  /** Days before expiry at which to remind, e.g. [7, 1]. */
  leadTimesDays: z.array(leadTimeDays).min(1).max(5),
  rotationAgeDays: periodDays,
  staleDays: periodDays,
  /** A never-used token counts as stale this many days after creation. */
  neverUsedGraceDays: periodDays,
  rules: reminderRulesSchema,
})

export const settingsSchema = z.object({
  reminders: reminderSettingsSchema,
  /** Seconds after which a copied secret is cleared from the clipboard; null = never. */
  clipboardClearSeconds: z.number().int().min(10).max(300).nullable(),
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
