import { clipboard, ClipboardItem, Notification } from 'electron'
import type { ClipboardPort, NotifierPort } from '../core/ports'
import type { ReminderNotification } from '../shared/models'

/** Extra clipboard formats that tell clipboard managers and OS history to skip a secret. */
function concealedFormats(): Record<string, string> {
  switch (process.platform) {
    case 'linux':
      // KDE Klipper and other managers honour this hint.
      return { 'x-kde-passwordManagerHint': 'secret' }
    case 'darwin':
      return { 'org.nspasteboard.ConcealedType': '' }
    case 'win32':
      // Excluded from clipboard history and the cloud clipboard.
      return { ExcludeClipboardContentFromMonitorProcessing: '', CanIncludeInClipboardHistory: '\0\0\0\0', CanUploadToCloudClipboard: '\0\0\0\0' }
    default:
      return {}
  }
}

/** Electron's clipboard, with secrets marked concealed. */
export function electronClipboard(): ClipboardPort {
  return {
    writeSecret: (text) => clipboard.write([new ClipboardItem({ 'text/plain': text, ...concealedFormats() })]),
    readText: () => clipboard.readText(),
    clear: async () => clipboard.clear(),
  }
}

/** OS notifications; a click calls onClick with the reminder. */
export function electronNotifier(onClick: (notification: ReminderNotification) => void): NotifierPort {
  return {
    show(notification) {
      if (!Notification.isSupported()) return
      const n = new Notification({ title: notification.title, body: notification.body })
      n.on('click', () => onClick(notification))
      n.show()
    },
  }
}
