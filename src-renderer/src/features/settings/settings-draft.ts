import type { SettingsPatch } from '@shared/ipc-contract'
import type { Settings } from '@shared/models'

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

function intIn(value: string, min: number, max: number): number | null {
  const n = Number(value.trim())
  return Number.isInteger(n) && n >= min && n <= max ? n : null
}

/** Validates the draft with the same bounds as the contract, so errors show beside their field. */
export function validate(d: Draft): { problems: Problems; patch: SettingsPatch | null } {
  const problems: Problems = {}
  const leads = d.leadTimes
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((x) => intIn(x, 1, 365))
  if (leads.length === 0 || leads.length > 5 || leads.some((x) => x === null)) {
    problems.leadTimes = 'One to five whole numbers of days between 1 and 365, e.g. 30, 7, 1.'
  }
  const rotationAgeDays = intIn(d.rotationAgeDays, 1, 3650)
  if (rotationAgeDays === null) problems.rotationAgeDays = 'Whole days between 1 and 3650.'
  const staleDays = intIn(d.staleDays, 1, 3650)
  if (staleDays === null) problems.staleDays = 'Whole days between 1 and 3650.'
  const neverUsedGraceDays = intIn(d.neverUsedGraceDays, 1, 3650)
  if (neverUsedGraceDays === null) problems.neverUsedGraceDays = 'Whole days between 1 and 3650.'
  const seconds = d.clipboardNever ? null : intIn(d.clipboardSeconds, 10, 300)
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
