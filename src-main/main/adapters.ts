import { clipboard, ClipboardItem, Notification } from 'electron'
import type { ClipboardPort, NotifierPort } from '../core/ports'
import type { ReminderNotification } from '../shared/models'

/**
 * Electron writes a raw OS clipboard format only under this custom type; a bare name such as
 * `x-kde-passwordManagerHint` would be taken as a MIME type and never reach clipboard managers.
 */
export function rawFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`
}

/** Extra raw clipboard formats that tell clipboard managers and OS history to skip a secret. */
export function concealedFormats(platform: NodeJS.Platform = process.platform): Record<string, string> {
  switch (platform) {
    case 'linux':
      // KDE Klipper and other managers honour this hint.
      return { [rawFormat('x-kde-passwordManagerHint')]: 'secret' }
    case 'darwin':
      // nspasteboard.org convention, honoured by macOS clipboard managers.
      return { [rawFormat('org.nspasteboard.ConcealedType')]: '' }
    case 'win32':
      // Excluded from clipboard history, the cloud clipboard and monitoring apps (DWORD 0 = no).
      return {
        [rawFormat('ExcludeClipboardContentFromMonitorProcessing')]: '',
        [rawFormat('CanIncludeInClipboardHistory')]: '\0\0\0\0',
        [rawFormat('CanUploadToCloudClipboard')]: '\0\0\0\0',
      }
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
