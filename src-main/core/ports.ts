import type { ReminderNotification } from '../shared/models'

/** The clipboard as core sees it; main adapts Electron's, the e2e bridge records. */
export interface ClipboardPort {
  /** Writes a secret, marked concealed where the platform allows. */
  writeSecret(text: string): Promise<void>
  readText(): Promise<string>
  clear(): Promise<void>
}

/** Desktop notifications as core sees them. */
export interface NotifierPort {
  show(notification: ReminderNotification): void
}
