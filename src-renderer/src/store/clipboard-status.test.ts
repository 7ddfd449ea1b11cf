import { describe, expect, it } from 'vitest'
import type { ShowOnce, TokenView } from '@shared/models'
import { copyStatusText } from '../lib/copy-message'
import { createStore } from './index'
import { selectCopyHost } from './slices/clipboard'

const at = Date.UTC(2026, 0, 1, 12, 0, 0)
const iso = (ms: number) => new Date(ms).toISOString()

describe('the copy status', () => {
  it('counts down by the clock, then says the clear is under way until core tells how it ended', () => {
    const status = { what: 'Copied “CI”', clearsAt: iso(at + 30_000), outcome: 'pending' as const }
    expect(copyStatusText(status, at)).toBe('Copied “CI” — clears in 30 s')
    expect(copyStatusText(status, at + 1_000)).toBe('Copied “CI” — clears in 29 s')
    expect(copyStatusText(status, at + 29_000)).toBe('Copied “CI” — clears in 1 s')
    expect(copyStatusText(status, at + 30_000)).toBe('Copied “CI” — clearing the clipboard…')
    expect(copyStatusText({ ...status, outcome: 'cleared' }, at + 31_000)).toBe('Clipboard cleared')
    expect(copyStatusText({ ...status, outcome: 'replaced' }, at + 31_000)).toBe('Clipboard left as is: something else was copied since')
    expect(copyStatusText({ ...status, outcome: 'failed' }, at)).toMatch(/could not clear the clipboard/)
    expect(copyStatusText({ ...status, clearsAt: null }, at)).toBe('Copied “CI” — the clipboard is not cleared automatically')
  })

  it('changes only on the event for the current copy, once', () => {
    const store = createStore()
    const s = () => store.getState()
    s().noteCopy({ clearsAt: iso(at + 10_000), copyId: 1 }, 'Copied', 'status-bar')
    s().noteCopy({ clearsAt: iso(at + 10_000), copyId: 2 }, 'Copied', 'status-bar')
    s().settleCopy({ copyId: 1, outcome: 'replaced' })
    expect(s().copyStatus).toMatchObject({ copyId: 2, outcome: 'pending' })
    s().settleCopy({ copyId: 2, outcome: 'cleared' })
    s().settleCopy({ copyId: 2, outcome: 'failed' })
    expect(s().copyStatus).toMatchObject({ copyId: 2, outcome: 'cleared' })
    s().dismissCopyStatus(1)
    expect(s().copyStatus).not.toBeNull()
    s().dismissCopyStatus(2)
    expect(s().copyStatus).toBeNull()
  })

  it('shows in the show-once view, then in its token’s details, and in the status bar when neither shows', () => {
    const store = createStore()
    const s = () => store.getState()
    const token = { id: 'key_1', name: 'CI' } as TokenView
    const shown: ShowOnce = { token, secret: 'sk_test_x', stored: true, storeError: null }
    store.setState({ selectedProfileId: 'prf_1' })
    s().presentSecret(shown)
    s().noteCopy({ clearsAt: iso(at + 30_000), copyId: 7 }, 'Copied', 'show-once', { profileId: 'prf_1', tokenId: 'key_1' })
    expect(selectCopyHost(s())).toBe('show-once')
    s().closeDialog()
    expect(selectCopyHost(s())).toBe('detail')
    s().selectToken('key_2')
    expect(selectCopyHost(s())).toBe('status-bar')
    s().selectToken('key_1')
    s().showSettings()
    expect(selectCopyHost(s())).toBe('status-bar')
  })

  it('a new show-once view does not show an earlier secret’s status', () => {
    const store = createStore()
    const s = () => store.getState()
    const shown = (id: string): ShowOnce => ({ token: { id, name: id } as TokenView, secret: 'sk_test_x', stored: true, storeError: null })
    s().presentSecret(shown('key_1'))
    s().noteCopy({ clearsAt: iso(at + 30_000), copyId: 1 }, 'Copied', 'show-once', { profileId: 'prf_1', tokenId: 'key_1' })
    s().presentSecret(shown('key_2'))
    expect(selectCopyHost(s())).toBe('status-bar')
  })
})
