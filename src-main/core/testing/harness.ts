/** Shared setup for core integration tests: a temp user-data dir, the real keychain, recorders. */
import keytar from 'keytar'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { createAppCore, type AppCore, type AppCoreOptions } from '../app-core'
import { dispatch } from '../ipc-dispatch'
import { KeytarVault, type KeytarLike } from '../vault'
import type { Channel, IpcRequest, IpcResponse } from '../../shared/ipc-contract'
import type { IpcResult } from '../../shared/errors'
import { ManualTimers, MemoryClipboard, RecordingNotifier } from './fakes'

export interface Harness {
  readonly dir: string
  readonly service: string
  readonly vault: KeytarVault
  readonly clipboard: MemoryClipboard
  readonly notifier: RecordingNotifier
  readonly timers: ManualTimers
  readonly logs: string[]
  core: AppCore
  call<C extends Channel>(channel: C, ...req: IpcRequest<C> extends undefined ? [] : [IpcRequest<C>]): Promise<IpcResult<IpcResponse<C>>>
  /** Like call, but throws on an error result. */
  ok<C extends Channel>(channel: C, ...req: IpcRequest<C> extends undefined ? [] : [IpcRequest<C>]): Promise<IpcResponse<C>>
  /** Starts a new core on the same user-data dir and keychain service (a restart). */
  restart(extra?: Partial<AppCoreOptions>): Promise<AppCore>
  dispose(): Promise<void>
}

/** A unique keychain service per test so parallel files never collide. */
export function uniqueService(): string {
  return `Keyward Test ${randomBytes(6).toString('hex')}`
}

export async function createHarness(extra: Partial<AppCoreOptions> = {}, keytarImpl: KeytarLike = keytar): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-core-'))
  const service = uniqueService()
  const vault = new KeytarVault(keytarImpl, service)
  const clipboard = new MemoryClipboard()
  const notifier = new RecordingNotifier()
  const timers = new ManualTimers()
  const logs: string[] = []
  const options = (more: Partial<AppCoreOptions>): AppCoreOptions => ({
    userDataDir: dir,
    appVersion: '0.0.0-test',
    mode: 'development',
    vault,
    clipboard,
    notifier,
    timers,
    log: (line) => logs.push(line),
    ...extra,
    ...more,
  })
  const h: Harness = {
    dir,
    service,
    vault,
    clipboard,
    notifier,
    timers,
    logs,
    core: await createAppCore(options({})),
    // As a shell (CLI, timers) calls: every channel, internal ones included.
    async call(channel, ...req) {
      return (await dispatch(h.core.handlers, channel, req[0], () => {}, 'shell')) as never
    },
    async ok(channel, ...req) {
      const r = await dispatch(h.core.handlers, channel, req[0], () => {}, 'shell')
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`)
      return r.value as never
    },
    async restart(more = {}) {
      h.core = await createAppCore(options(more))
      return h.core
    },
    async dispose() {
      await h.core.shutdown()
      try {
        for (const c of await keytarImpl.findCredentials(service)) await keytarImpl.deletePassword(service, c.account)
      } catch {
        // A keychain that is deliberately broken in a test has nothing to clean.
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
  return h
}
