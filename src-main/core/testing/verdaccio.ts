/**
 * A real npm registry for tests: Verdaccio (the npm package, run from its own bin in a child
 * process) with htpasswd auth, no uplinks, storage in a temp dir, on 127.0.0.1 and a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { stringify } from 'yaml'
import { request } from 'undici'

export interface Verdaccio {
  readonly url: string
  readonly version: string
  /** Creates a user (`PUT /-/user/org.couchdb.user:<name>`) and returns the token Verdaccio logs them in with. */
  addUser(name: string, password: string): Promise<string>
  close(): Promise<void>
}

const require = createRequire(import.meta.url)

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode} before it answered:\n${output()}`)
    const ok = await request(`${url}/-/ping`)
      .then(async (r) => {
        await r.body.dump()
        return r.statusCode === 200
      })
      .catch(() => false)
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`verdaccio did not answer on ${url} within ${timeoutMs} ms:\n${output()}`)
}

/** Starts Verdaccio for real and prints that it started (CI logs show it). */
export async function startVerdaccio(options: { readonly log?: (line: string) => void } = {}): Promise<Verdaccio> {
  const log = options.log ?? ((line: string) => console.log(line))
  const pkgPath = require.resolve('verdaccio/package.json')
  const version = (require(pkgPath) as { version: string }).version
  const dir = await mkdtemp(join(tmpdir(), 'keyward-verdaccio-'))
  const config = {
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 1000 } },
    uplinks: {},
    packages: { '**': { access: '$authenticated', publish: '$authenticated' } },
    web: { enable: false },
    log: { type: 'stdout', format: 'json', level: 'warn' },
  }
  const configPath = join(dir, 'config.yaml')
  await writeFile(configPath, stringify(config))

  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    let out = ''
    const child = spawn(process.execPath, [join(dirname(pkgPath), 'bin', 'verdaccio'), '--config', configPath, '--listen', `127.0.0.1:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    })
    const keep = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-4000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    try {
      await waitUntilUp(url, child, () => out, 20_000)
    } catch (error) {
      lastError = error
      child.kill('SIGKILL')
      continue
    }
    log(`verdaccio ${version} started on ${url} (pid ${child.pid})`)
    return {
      url,
      version,
      async addUser(name, password) {
        const res = await request(`${url}/-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, password }),
        })
        const body = (await res.body.json()) as { token?: string; error?: string }
        if (res.statusCode !== 201 || !body.token) throw new Error(`verdaccio refused to create user ${name}: HTTP ${res.statusCode} ${body.error ?? ''}`)
        return body.token
      },
      async close() {
        if (child.exitCode === null) {
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
          child.kill('SIGTERM')
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
          await exited
          clearTimeout(timer)
        }
        await rm(dir, { recursive: true, force: true })
      },
    }
  }
  await rm(dir, { recursive: true, force: true })
  throw lastError
}
