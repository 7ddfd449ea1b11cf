import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
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

export interface HeldRequest {
  /** Sends the rest of the body and resolves with the response once the server closes the connection. */
  finish(): Promise<{ status: number; json: CallResult['json'] }>
  /** Resolves when the server closes the connection, with whatever it answered (maybe nothing). */
  closed(): Promise<string>
}

/**
 * Starts a JSON request over a raw socket and holds back the second half of its body, as a slow or
 * hostile client would: the server has the headers (and has authenticated them) but not the body.
 */
export async function holdBody(url: string, method: string, path: string, key: string, body: unknown): Promise<HeldRequest> {
  const { hostname, port } = new URL(url)
  const payload = Buffer.from(JSON.stringify(body))
  const half = Math.floor(payload.length / 2)
  const socket = connect({ host: hostname, port: Number(port) })
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (received += chunk))
  const ended = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(received))
    socket.on('error', () => resolve(received))
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  const head =
    `${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${key}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`
  socket.write(Buffer.concat([Buffer.from(head), payload.subarray(0, half)]))
  return {
    async finish() {
      socket.write(payload.subarray(half))
      const text = await ended
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
      const bodyText = text.slice(text.indexOf('\r\n\r\n') + 4)
      return { status, json: bodyText ? JSON.parse(bodyText) : null }
    },
    closed: () => ended,
  }
}
