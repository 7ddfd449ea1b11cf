import { describe, expect, it, vi } from 'vitest'

// Typed stand-ins for the two Electron clipboard pieces the adapter touches: what it writes is
// recorded exactly as Electron would receive it.
const written: Array<Record<string, unknown>> = []
vi.mock('electron', () => {
  class ClipboardItem {
    constructor(readonly items: Record<string, unknown>) {}
  }
  const clipboard: Pick<Electron.Clipboard, 'write' | 'readText' | 'clear'> = {
    write: async (data) => {
      for (const item of data as unknown as ClipboardItem[]) written.push(item.items)
    },
    readText: async () => '',
    clear: () => {},
  }
  return { clipboard, ClipboardItem, Notification: class {} }
})

const { concealedFormats, electronClipboard } = await import('./adapters')
const RAW = /^electron application\/osclipboard;format="[^"]+"$/

describe('concealed clipboard', () => {
  it('writes the secret with the concealment hint as a raw OS format (Electron 45 writes no other custom type raw)', async () => {
    written.length = 0
    await electronClipboard().writeSecret('sk_test_secret')
    expect(written).toHaveLength(1)
    const item = written[0]!
    expect(item['text/plain']).toBe('sk_test_secret')
    const extra = Object.keys(item).filter((k) => k !== 'text/plain')
    expect(extra).toEqual(Object.keys(concealedFormats()))
    for (const key of extra) expect(key).toMatch(RAW)
  })

  it('names each platform’s convention under the raw-format key', () => {
    expect(concealedFormats('linux')).toEqual({ 'electron application/osclipboard;format="x-kde-passwordManagerHint"': 'secret' })
    expect(concealedFormats('darwin')).toEqual({ 'electron application/osclipboard;format="org.nspasteboard.ConcealedType"': '' })
    const win = concealedFormats('win32')
    expect(Object.keys(win)).toEqual([
      'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"',
      'electron application/osclipboard;format="CanIncludeInClipboardHistory"',
      'electron application/osclipboard;format="CanUploadToCloudClipboard"',
    ])
    // DWORD 0: "not in history", "not to the cloud".
    expect(win['electron application/osclipboard;format="CanIncludeInClipboardHistory"']).toBe('\0\0\0\0')
  })
})
