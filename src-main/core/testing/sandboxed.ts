/**
 * Harnesses with the in-process sandbox kept at hand (operator token, bulk inserts), disposed
 * after each test. Call once at the top of a test file.
 */
import { afterEach } from 'vitest'
import { startTokenApi } from '../../token-api/server'
import type { ProfileView } from '../../shared/models'
import type { RunningSandbox, SandboxStarter } from '../sandbox-server'
import { createHarness, type Harness } from './harness'
import type { LockableKeytar } from './lockable-keytar'

export type SandboxServer = Awaited<ReturnType<typeof startTokenApi>>

export function useHarnesses() {
  const harnesses: Harness[] = []
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.dispose()
  })

  /** A harness disposed after the test. */
  function track(h: Harness): Harness {
    harnesses.push(h)
    return h
  }

  /** A harness on a running sandbox with its three profiles. */
  async function sandboxed(extra: Parameters<typeof createHarness>[0] = {}, keytarImpl?: LockableKeytar) {
    const servers: SandboxServer[] = []
    const startSandbox: SandboxStarter = async (o) => {
      const s = await startTokenApi(o)
      servers.push(s)
      return s as RunningSandbox
    }
    const h = track(await createHarness({ startSandbox, ...extra }, keytarImpl))
    const profiles = await h.ok('profiles:list')
    const byEnv = (env: string) => profiles.find((p) => p.environment === env) as ProfileView
    return { h, server: () => servers[servers.length - 1] as SandboxServer, startSandbox, dev: byEnv('dev'), staging: byEnv('staging'), prod: byEnv('prod') }
  }

  return { track, sandboxed }
}
