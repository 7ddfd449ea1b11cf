/**
 * The settings form's text and what it means: the draft becomes a patch that the settings schema
 * checks — the one place the rules and their sentences live (@shared/schemas) — and each of the
 * schema's problems is shown beside the field its path names.
 */
import type { SettingsPatch } from '@shared/ipc-contract'
import type { Settings } from '@shared/models'
import { settingsPatchSchema } from '@shared/schemas'

/** The settings form's fields as typed (numbers are text until they validate). */
export interface Draft {
  readonly leadTimes: string
  readonly rotationAgeDays: string
  readonly staleDays: string
  readonly neverUsedGraceDays: string
  readonly expiry: boolean
  readonly rotation: boolean
  readonly stale: boolean
  readonly clipboardNever: boolean
  readonly clipboardSeconds: string
  readonly closeToTray: boolean
  readonly launchAtLogin: boolean
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

/** The form's text fields, the ones that can be wrong. */
export type TextField = 'leadTimes' | 'rotationAgeDays' | 'staleDays' | 'neverUsedGraceDays' | 'clipboardSeconds'

/** The order the fields appear in, so focus goes to the first one that is wrong. */
export const TEXT_FIELDS: readonly TextField[] = ['leadTimes', 'rotationAgeDays', 'staleDays', 'neverUsedGraceDays', 'clipboardSeconds']

/** Which field a settings path belongs to (the patch's shape is the schema's). */
const FIELD_BY_PATH: Readonly<Record<string, TextField>> = {
  'reminders.leadTimesDays': 'leadTimes',
  'reminders.rotationAgeDays': 'rotationAgeDays',
  'reminders.staleDays': 'staleDays',
  'reminders.neverUsedGraceDays': 'neverUsedGraceDays',
  clipboardClearSeconds: 'clipboardSeconds',
}

/** Problems by field; `form` holds any the form has no field for (said, never dropped). */
export type Problems = Partial<Record<TextField | 'form', string>>

/** The field a schema path (or core's `details[].field`) names: its own path or an element of it. */
export function fieldOfPath(path: string): TextField | null {
  for (const [prefix, field] of Object.entries(FIELD_BY_PATH)) {
    if (path === prefix || path.startsWith(`${prefix}.`)) return field
  }
  return null
}

/** Problems from issues (schema issues or core's details): the first message per field. */
export function problemsOf(issues: readonly { readonly field: string; readonly message: string }[]): Problems {
  const problems: Record<string, string> = {}
  for (const issue of issues) {
    const key = fieldOfPath(issue.field) ?? 'form'
    problems[key] ??= issue.message
  }
  return problems
}

/** Text as a number for the schema to judge; blank is not a number (never 0). */
function asNumber(text: string): number {
  const trimmed = text.trim()
  return trimmed === '' ? Number.NaN : Number(trimmed)
}

/** The patch the draft asks for, before any check. */
function candidate(d: Draft): SettingsPatch {
  return {
    reminders: {
      leadTimesDays: d.leadTimes.split(/[\s,]+/).filter(Boolean).map(asNumber),
      rotationAgeDays: asNumber(d.rotationAgeDays),
      staleDays: asNumber(d.staleDays),
      neverUsedGraceDays: asNumber(d.neverUsedGraceDays),
      rules: { expiry: d.expiry, rotation: d.rotation, stale: d.stale },
    },
    // The seconds do not matter while the clipboard is never cleared.
    clipboardClearSeconds: d.clipboardNever ? null : asNumber(d.clipboardSeconds),
    closeToTray: d.closeToTray,
    launchAtLogin: d.launchAtLogin,
  }
}

/** Validates the draft with the settings schema core uses; a valid one becomes the patch to save. */
export function validate(d: Draft): { problems: Problems; patch: SettingsPatch | null } {
  const parsed = settingsPatchSchema.safeParse(candidate(d))
  if (!parsed.success) return { problems: problemsOf(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }))), patch: null }
  const patch = parsed.data
  const leads = patch.reminders?.leadTimesDays
  // Unique and longest first, as core keeps them, so an equal list is not a change.
  return { problems: {}, patch: leads ? { ...patch, reminders: { ...patch.reminders, leadTimesDays: [...new Set(leads)].sort((a, b) => b - a) } } : patch }
}

/** Whether the draft differs from the saved settings in what it would save (a wrong field always does). */
export function isDirty(d: Draft, saved: Settings): boolean {
  const mine = validate(d).patch
  if (!mine) return true
  return JSON.stringify(mine) !== JSON.stringify(validate(toDraft(saved)).patch)
}
