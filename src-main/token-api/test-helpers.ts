import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTokenApi, type RunningTokenApi, type TokenApiOptions } from './server'

export interface TestServer {
  readonly api: RunningTokenApi
  readonly dir: string
  readonly logs: string[]
  /** Closes the server and removes its data directory. */
  dispose(): Promise<void>
}

/** A fresh temporary data directory. */
export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'keyward-token-api-'))
}

/** Starts a server on loopback over a fresh data directory (or the given one), capturing its log lines. */
export async function startTestServer(options: Partial<TokenApiOptions> = {}): Promise<TestServer> {
  const dir = options.dataDir ?? (await tempDir())
  const logs: string[] = []
  const api = await startTokenApi({ ...options, dataDir: dir, log: (line) => logs.push(line) })
  return {
    api,
    dir,
    logs,
    async dispose() {
      await api.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export interface CallResult {
  readonly status: number
  readonly headers: Headers
  // Tests assert on arbitrary response shapes; the contract is checked field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any
}

/** One HTTP request to the server; `body` is sent as JSON unless `raw` is given. */
export async function call(
  url: string,
  method: string,
  path: string,
  opts: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.key !== undefined) headers.authorization = `Bearer ${opts.key}`
  let body: string | undefined
  if (opts.raw !== undefined) body = opts.raw
  else if (opts.body !== undefined) body = JSON.stringify(opts.body)
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json'
  }
  const res = await fetch(`${url}${path}`, { method, headers, body })
  const text = await res.text()
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null }
}
