import type { z } from 'zod'
import type { SettingsPatch } from '@shared/ipc-contract'
import type { Settings } from '@shared/models'
import { reminderSettingsSchema, settingsSchema } from '@shared/schemas'

/** The settings form's fields as typed (numbers are text until they validate). */
export interface Draft {
  leadTimes: string
  rotationAgeDays: string
  staleDays: string
  neverUsedGraceDays: string
  expiry: boolean
  rotation: boolean
  stale: boolean
  clipboardNever: boolean
  clipboardSeconds: string
  closeToTray: boolean
  launchAtLogin: boolean
}

export function toDraft(s: Settings): Draft {
  return {
    leadTimes: s.reminders.leadTimesDays.join(', '),
    rotationAgeDays: String(s.reminders.rotationAgeDays),
    staleDays: String(s.reminders.staleDays),
    neverUsedGraceDays: String(s.reminders.neverUsedGraceDays),
    expiry: s.reminders.rules.expiry,
    rotation: s.reminders.rules.rotation,
    stale: s.reminders.rules.stale,
    clipboardNever: s.clipboardClearSeconds === null,
    clipboardSeconds: String(s.clipboardClearSeconds ?? 30),
    closeToTray: s.closeToTray,
    launchAtLogin: s.launchAtLogin,
  }
}

export type Problems = Partial<Record<'leadTimes' | 'rotationAgeDays' | 'staleDays' | 'neverUsedGraceDays' | 'clipboardSeconds', string>>

/** A typed number if the schema accepts it, else null: the form's bounds are the contract's. */
function numberIn(schema: z.ZodType<number>, text: string): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const parsed = schema.safeParse(Number(trimmed))
  return parsed.success ? parsed.data : null
}

const reminders = reminderSettingsSchema.shape

/** Validates the draft with the settings schema core uses, so problems show beside their field. */
export function validate(d: Draft): { problems: Problems; patch: SettingsPatch | null } {
  const problems: Problems = {}
  const leads = d.leadTimes.split(/[\s,]+/).filter(Boolean).map((x) => numberIn(reminders.leadTimesDays.element, x))
  if (leads.some((x) => x === null) || !reminders.leadTimesDays.safeParse(leads).success) {
    problems.leadTimes = 'One to five whole numbers of days between 1 and 365, e.g. 30, 7, 1.'
  }
  const rotationAgeDays = numberIn(reminders.rotationAgeDays, d.rotationAgeDays)
  if (rotationAgeDays === null) problems.rotationAgeDays = 'Whole days between 1 and 3650.'
  const staleDays = numberIn(reminders.staleDays, d.staleDays)
  if (staleDays === null) problems.staleDays = 'Whole days between 1 and 3650.'
  const neverUsedGraceDays = numberIn(reminders.neverUsedGraceDays, d.neverUsedGraceDays)
  if (neverUsedGraceDays === null) problems.neverUsedGraceDays = 'Whole days between 1 and 3650.'
  const clipboardSchema = settingsSchema.shape.clipboardClearSeconds.unwrap()
  const seconds = d.clipboardNever ? null : numberIn(clipboardSchema, d.clipboardSeconds)
  if (!d.clipboardNever && seconds === null) problems.clipboardSeconds = 'Between 10 and 300 seconds.'
  if (Object.keys(problems).length > 0 || rotationAgeDays === null || staleDays === null || neverUsedGraceDays === null) {
    return { problems, patch: null }
  }
  const leadTimesDays = [...new Set(leads as number[])].sort((a, b) => b - a)
  return {
    problems,
    patch: {
      reminders: {
        leadTimesDays,
        rotationAgeDays,
        staleDays,
        neverUsedGraceDays,
        rules: { expiry: d.expiry, rotation: d.rotation, stale: d.stale },
      },
      clipboardClearSeconds: seconds,
      closeToTray: d.closeToTray,
      launchAtLogin: d.launchAtLogin,
    },
  }
}
