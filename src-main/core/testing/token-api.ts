/**
 * The real Token API v1 server on loopback for client tests: a fresh data folder, the dev
 * organization's admin key, and the folder removed when the server closes.
 */
import { afterAll, beforeAll, expect } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTokenApi, type RunningTokenApi, type TokenApiOptions } from '../../token-api/server'
import { ApiError } from '../api-client'

export interface TestTokenApi {
  readonly api: RunningTokenApi
  /** The dev organization's id and admin key. */
  readonly devOrg: string
  readonly admin: string
  /** Closes the server and removes its data folder. */
  close(): Promise<void>
}

/** Starts a Token API in a new temporary folder (no rate limit unless asked). */
export async function startTestTokenApi(options: Omit<TokenApiOptions, 'dataDir'> = {}): Promise<TestTokenApi> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-client-'))
  const api = await startTokenApi({ rateLimitPerMinute: 0, ...options, dataDir: dir })
  const org = api.organizations.find((o) => o.environment === 'dev')
  return {
    api,
    devOrg: org?.id ?? '',
    admin: org?.admin_key ?? '',
    close: async () => {
      await api.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** One Token API for a test file: started in beforeAll, closed in afterAll; read it inside tests. */
export function useTokenApi(options: Omit<TokenApiOptions, 'dataDir'> = {}): TestTokenApi {
  let started: TestTokenApi | null = null
  beforeAll(async () => {
    started = await startTestTokenApi(options)
  })
  afterAll(async () => {
    await started?.close()
  })
  const running = (): TestTokenApi => {
    if (!started) throw new Error('the Token API has not started (use it inside a test)')
    return started
  }
  return {
    get api() {
      return running().api
    },
    get devOrg() {
      return running().devOrg
    },
    get admin() {
      return running().admin
    },
    close: () => running().close(),
  }
}

/** The ApiError `promise` rejects with; the test fails if it resolves or rejects with anything else. */
export async function apiFailure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}
