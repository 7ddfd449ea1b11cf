import { describe, expect, it, vi } from 'vitest'
import type { IpcMainInvokeEvent, WebFrameMain } from 'electron'
import type { HandlerTable } from '../core/ipc-dispatch'
import { KeywardError } from '../core/errors'

// ipcMain as a typed recorder: the test invokes the bound handlers as Electron would.
const bound = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>()
vi.mock('electron', () => {
  const ipcMain: Pick<Electron.IpcMain, 'handle'> = {
    handle: (channel, listener) => void bound.set(channel, listener as never),
  }
  return { ipcMain, Menu: {}, Tray: class {}, nativeImage: {} }
})

const { bindContract, shellDispatcher } = await import('./ipc')
const { copyRecent } = await import('./tray')

const RECENT = { profileId: 'prf_1', tokenId: 'key_abc', label: 'CI deploy (Sandbox dev)' }

function setup(copy: (req: unknown) => Promise<{ clearsAt: string | null }>) {
  const lines: string[] = []
  const handled: Array<[string, boolean]> = []
  const handlers = { 'tokens:copy': vi.fn(copy) } as unknown as HandlerTable
  const call = shellDispatcher(handlers, (l) => lines.push(l), (channel, result) => handled.push([channel, result.ok]))
  return { lines, handled, handlers, call }
}

describe('the tray’s quick copy goes through the same dispatch as IPC', () => {
  it('copies, and the shell hears of it (tray refresh)', async () => {
    const { handled, handlers, call } = setup(async () => ({ clearsAt: null }))
    const onFailure = vi.fn()
    await copyRecent(call, RECENT, onFailure)
    expect(handlers['tokens:copy']).toHaveBeenCalledWith({ profileId: 'prf_1', tokenId: 'key_abc' })
    expect(handled).toEqual([['tokens:copy', true]])
    expect(onFailure).not.toHaveBeenCalled()
  })

  it('a failed copy is logged by code, reported to the shell and opens the token', async () => {
    const { lines, handled, call } = setup(async () => {
      throw new KeywardError('SECRET_NOT_STORED', 'not stored')
    })
    const onFailure = vi.fn()
    await copyRecent(call, RECENT, onFailure)
    expect(lines).toEqual(['tokens:copy failed: SECRET_NOT_STORED'])
    expect(handled).toEqual([['tokens:copy', false]])
    expect(onFailure).toHaveBeenCalledWith(RECENT)
  })

  it('validates the request like any IPC call: a bad id never reaches the handler', async () => {
    const { handlers, call } = setup(async () => ({ clearsAt: null }))
    const onFailure = vi.fn()
    await copyRecent(call, { ...RECENT, tokenId: 'credential' }, onFailure)
    expect(handlers['tokens:copy']).not.toHaveBeenCalled()
    expect(onFailure).toHaveBeenCalled()
  })
})

describe('IPC binding', () => {
  it('checks the sender frame, then calls the same dispatcher', async () => {
    const { handlers, call, lines } = setup(async () => ({ clearsAt: null }))
    const trusted = { url: 'file:///app/index.html' } as WebFrameMain
    bindContract(call, (frame) => frame === trusted, (l) => lines.push(l))
    const invoke = bound.get('tokens:copy')!
    const payload = { profileId: 'prf_1', tokenId: 'key_abc' }
    expect(await invoke({ senderFrame: { url: 'https://evil.example/' } } as IpcMainInvokeEvent, payload)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    expect(handlers['tokens:copy']).not.toHaveBeenCalled()
    expect(lines).toContain('tokens:copy refused: untrusted sender')
    expect(await invoke({ senderFrame: trusted } as IpcMainInvokeEvent, payload)).toEqual({ ok: true, value: { clearsAt: null } })
  })
})
