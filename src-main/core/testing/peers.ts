/**
 * The providers' peers for a test file: Verdaccio (a real npm registry), the GitLab fake and the
 * GitHub fake, each started once before the file's tests on 127.0.0.1 and closed after them with
 * the HTTP pools. Adapter tests and service tests share this one setup.
 */
import { afterAll, beforeAll } from 'vitest'
import { closeAllPools } from '../api-client'
import { startFakeGithub, type FakeGithub } from './fake-github'
import { startFakeGitlab, type FakeGitlab } from './fake-gitlab'
import { startVerdaccio, type Verdaccio } from './verdaccio'

export interface Peers {
  readonly npm: Verdaccio
  readonly gitlab: FakeGitlab
  readonly github: FakeGithub
}

export interface PeerOptions {
  /** The fakes' clock (expiry, last use). */
  readonly now?: () => Date
  /** GitHub Enterprise's path prefix (`/api/v3`) for the GitHub fake. */
  readonly githubPrefix?: string
}

/** Starts the named peers in beforeAll, closes them in afterAll; read them from the returned object inside tests. */
export function usePeers<K extends keyof Peers>(which: readonly K[], options: PeerOptions = {}): Pick<Peers, K> {
  const started: Partial<Record<keyof Peers, Peers[keyof Peers]>> = {}
  beforeAll(async () => {
    await Promise.all(
      which.map(async (k) => {
        if (k === 'npm') started.npm = await startVerdaccio()
        else if (k === 'gitlab') started.gitlab = await startFakeGitlab(options.now)
        else started.github = await startFakeGithub({ ...(options.githubPrefix ? { prefix: options.githubPrefix } : {}), ...(options.now ? { now: options.now } : {}) })
      }),
    )
  }, 60_000)
  afterAll(async () => {
    await closeAllPools()
    await Promise.all(Object.values(started).map((p) => p?.close()))
  })
  const peers = {} as Pick<Peers, K>
  for (const k of which) {
    Object.defineProperty(peers, k, {
      enumerable: true,
      get: () => {
        const p = started[k]
        if (!p) throw new Error(`peer ${k} has not started (use it inside a test)`)
        return p
      },
    })
  }
  return peers
}
