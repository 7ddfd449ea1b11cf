/**
 * An app run for CLI tests: a real app core (Token API sandbox on loopback, the real keychain)
 * writes its data directory and keychain entries, then quits; tests run the real `keyward` command
 * on them. After each test, every secret seen is looked for in the data directory, the core's log,
 * what keyward printed (where it must not hold a secret) and the command line of every process
 * the test started.
 */
import { afterEach, expect } from 'vitest'
import keytar from 'keytar'
import { startTokenApi } from '../../token-api/server'
import type { RunningSandbox } from '../../core/sandbox-server'
import { createHarness, type Harness } from '../../core/testing/harness'
import { VAULT_SERVICE, type KeytarVault } from '../../core/vault'
import { runWatched, secretLeaks, KEYWARD_BIN, type KeywardRun, type RunOptions } from './run-keyward'

interface Scan {
  readonly h: Harness
  readonly secrets: string[]
  readonly texts: Record<string, string>
  readonly cmdlines: Array<[number, string]>
}

export interface AppRunOptions {
  /** The keychain the app stores in (default: a unique test service, passed with --keychain-service). */
  readonly vault?: KeytarVault
  /** More set-up before the app lists its tokens and quits; returns the secrets it saw. */
  readonly more?: (h: Harness, profileId: string) => Promise<string[]>
}

/** Registers the after-each scan; returns the app-run factory. */
export function useAppRuns() {
  const scans: Scan[] = []
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const s of scans.splice(0)) {
      const leaks = await secretLeaks(s.secrets, { dirs: [s.h.dir], texts: { ...s.texts, 'core log': s.h.logs.join('\n') }, cmdlines: s.cmdlines })
      await s.h.dispose()
      expect(leaks, 'secrets outside the keychain and the command they were meant for').toEqual([])
    }
    for (const c of cleanups.splice(0)) await c()
  })

  /** An app run with two tokens in "Sandbox dev": "Deploy bot" (stored) and "Old key" (revoked). */
  async function appRun(options: AppRunOptions = {}) {
    const { vault, more } = options
    const h = await createHarness({ startSandbox: async (o) => (await startTokenApi(o)) as RunningSandbox, ...(vault ? { vault } : {}) })
    const scan: Scan = { h, secrets: [], texts: {}, cmdlines: [] }
    scans.push(scan)
    const dev = (await h.ok('profiles:list')).find((p) => p.environment === 'dev')!
    const ci = await h.ok('tokens:create', { profileId: dev.id, name: 'Deploy bot', scopes: ['dns:read'], expiresAt: null })
    const gone = await h.ok('tokens:create', { profileId: dev.id, name: 'Old key', scopes: ['dns:read'], expiresAt: null })
    scan.secrets.push(ci.secret, gone.secret, (await keytar.getPassword(vault ? VAULT_SERVICE.development : h.service, `${dev.id}/credential`))!)
    await h.ok('tokens:revoke', { profileId: dev.id, tokenId: gone.token.id })
    scan.secrets.push(...((await more?.(h, dev.id)) ?? []))
    await h.ok('tokens:list', { profileId: dev.id })
    await h.core.shutdown() // flushes the token cache, as quitting the app does
    const args = (argv: readonly string[]) => ['--user-data-dir', h.dir, ...(vault ? [] : ['--keychain-service', h.service]), ...argv]
    /** Starts keyward; what it prints goes into the scan (stdout only where it must not hold a secret). */
    const start = (argv: readonly string[], runOptions: RunOptions & { stdoutMayHoldSecret?: boolean } = {}): KeywardRun => watch(process.execPath, [KEYWARD_BIN, ...args(argv)], runOptions)
    /** Starts any command under the same watch (git, which starts keyward as its helper). */
    const watch = (command: string, argv: readonly string[], runOptions: RunOptions & { stdoutMayHoldSecret?: boolean } = {}): KeywardRun => {
      const r = runWatched(command, argv, runOptions)
      void r.done.then((d) => {
        scan.cmdlines.push(...r.cmdlines)
        scan.texts[`stderr of ${argv.join(' ')} (${scan.cmdlines.length})`] = d.stderr
        if (!runOptions.stdoutMayHoldSecret) scan.texts[`stdout of ${argv.join(' ')} (${scan.cmdlines.length})`] = d.stdout
      })
      return r
    }
    const run = async (argv: readonly string[], stdoutMayHoldSecret = false) => {
      const r = start(argv, { stdoutMayHoldSecret })
      return { ...(await r.done), cmdlines: r.cmdlines }
    }
    return { h, dev, ci, gone, start, watch, run, scan, args }
  }

  return { appRun, cleanups }
}
