import type { ClipboardPort, NotifierPort } from '../src-main/core/ports'
import type { ReminderNotification } from '../src-main/shared/models'

/** A clipboard that records what it holds, standing in for Electron's in browser mode. */
export class RecordingClipboard implements ClipboardPort {
  private text = ''
  async writeSecret(text: string): Promise<void> {
    this.text = text
  }
  async readText(): Promise<string> {
    return this.text
  }
  async clear(): Promise<void> {
    this.text = ''
  }
}

/** Records notifications instead of showing them. */
export class RecordingNotifier implements NotifierPort {
  readonly shown: ReminderNotification[] = []
  show(notification: ReminderNotification): void {
    this.shown.push(notification)
  }
}
