import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { generateSecret } from '../shared/token-format'
import { startTokenApi } from './server'
import { KeyLedger, STATE_FILE_NAME, USAGE_FILE_NAME } from './key-ledger'
import { call, startTestServer, tempDir } from './test-helpers'

const ROOT = resolve(__dirname, '../..')
const CLI = join(ROOT, 'src-main/token-api/cli.ts')

interface Ready {
  event: 'ready'
  url: string
  operator_token: string
  organizations: Array<{ id: string; name: string; environment: string; status: string; admin_key: string | null }>
}

interface CliProcess {
  readonly child: ChildProcess
  readonly ready: Ready
  readonly stdoutLines: string[]
  readonly stderr: () => string
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const children: ChildProcess[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function newDir(): Promise<string> {
  const dir = await tempDir()
  dirs.push(dir)
  return dir
}

// `node --import tsx` keeps the server in this one process, so SIGKILL really hits the server (tsx's own CLI forks).
function spawnCli(args: string[]): { child: ChildProcess; stdoutLines: string[]; stderr: () => string; exited: CliProcess['exited']; firstLine: Promise<string | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const stdoutLines: string[] = []
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })))
  const firstLine = new Promise<string | null>((res) => {
    const rl = createInterface({ input: child.stdout! })
    rl.on('line', (line) => {
      stdoutLines.push(line)
      if (stdoutLines.length === 1) res(line)
    })
    rl.on('close', () => res(null))
  })
  return { child, stdoutLines, stderr: () => stderr, exited, firstLine }
}

async function startCli(dir: string, extra: string[] = []): Promise<CliProcess> {
  const p = spawnCli(['--port', '0', '--data-dir', dir, ...extra])
  const line = await p.firstLine
  if (line === null) throw new Error(`CLI exited before ready: ${p.stderr()}`)
  return { ...p, ready: JSON.parse(line) as Ready }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

describe('the CLI', () => {
  it('prints exactly one ready line with url, operator token and the seeded organizations', async () => {
    const dir = await newDir()
    const cli = await startCli(dir)
    expect(Object.keys(cli.ready)).toEqual(['event', 'url', 'operator_token', 'organizations'])
    expect(cli.ready.event).toBe('ready')
    expect(cli.ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(cli.ready.organizations.map((o) => o.environment)).toEqual(['dev', 'staging', 'prod'])
    for (const org of cli.ready.organizations) {
      expect(Object.keys(org)).toEqual(['id', 'name', 'environment', 'status', 'admin_key'])
      expect(org.admin_key).toMatch(org.environment === 'prod' ? /^sk_live_/ : /^sk_test_/)
    }
    const me = await call(cli.ready.url, 'GET', '/v1/me', { key: cli.ready.organizations[0]!.admin_key! })
    expect(me.status).toBe(200)
    cli.child.kill('SIGTERM')
    await cli.exited
    expect(cli.stdoutLines).toHaveLength(1)
  })

  it('keeps every acknowledged write across kill -9, and prints admin_key null on the next start', async () => {
    const dir = await newDir()
    const first = await startCli(dir)
    const dev = first.ready.organizations[0]!
    const admin = dev.admin_key!
    const seeded = (await call(first.ready.url, 'GET', '/v1/api-keys?status=active', { key: admin })).json.data as Array<{ id: string; name: string }>
    const victim = seeded.find((k) => k.name !== 'Admin')!
    expect((await call(first.ready.url, 'DELETE', `/v1/api-keys/${victim.id}`, { key: admin })).status).toBe(200)

    // A burst of creates; the process dies while some are still in flight.
    const acknowledged: Array<{ id: string; secret: string }> = []
    let settled = 0
    const attempts = Array.from({ length: 40 }, (_, i) =>
      call(first.ready.url, 'POST', '/v1/api-keys', { key: admin, body: { name: `burst ${i}`, scopes: ['dns:read'] } })
        .then(
          (res) => {
            if (res.status === 201) acknowledged.push({ id: res.json.data.id, secret: res.json.data.secret })
          },
          () => undefined,
        )
        .finally(() => settled++),
    )
    while (acknowledged.length < 10 && settled < attempts.length) await new Promise((r) => setTimeout(r, 2))
    first.child.kill('SIGKILL')
    expect((await first.exited).signal).toBe('SIGKILL')
    await Promise.all(attempts)
    expect(acknowledged.length).toBeGreaterThanOrEqual(10)

    const second = await startCli(dir)
    expect(second.ready.organizations.map((o) => o.id)).toEqual(first.ready.organizations.map((o) => o.id))
    expect(second.ready.organizations.every((o) => o.admin_key === null)).toBe(true)
    expect(second.ready.operator_token).not.toBe(first.ready.operator_token)
    for (const { id, secret } of acknowledged) {
      const me = await call(second.ready.url, 'GET', '/v1/me', { key: secret })
      expect(me.status, id).toBe(200)
      expect(me.json.data.key.id).toBe(id)
    }
    expect((await call(second.ready.url, 'GET', `/v1/api-keys/${victim.id}`, { key: admin })).json.data.status).toBe('revoked')
    // The killed process's temporary file does not survive the restart (the live server may be mid-write of its own).
    // (The live server's own last_used file may be there too.)
    expect((await readdir(dir)).filter((name) => !name.endsWith(`.tmp-${second.child.pid}`) && name !== USAGE_FILE_NAME)).toEqual([STATE_FILE_NAME])
  })

  it('a key in use has its last_used saved in the usage file, not by rewriting every key; a restart takes the later time', async () => {
    const dir = await newDir()
    const api = await startTokenApi({ dataDir: dir })
    const admin = api.organizations[0]!.admin_key!
    const created = (await call(api.url, 'POST', '/v1/api-keys', { key: admin, body: { name: 'busy', scopes: ['dns:read'] } })).json.data as { id: string; secret: string }
    let last = ''
    try {
      const state = await readFile(join(dir, STATE_FILE_NAME), 'utf8')
      for (let i = 0; i < 5; i++) last = (await call(api.url, 'GET', '/v1/me', { key: created.secret })).json.data.key.last_used
      // The flush runs every second.
      await expect.poll(async () => JSON.parse(await readFile(join(dir, USAGE_FILE_NAME), 'utf8').catch(() => '{}')).last_used?.[created.id], { timeout: 5000 }).toBe(last)
      expect(await readFile(join(dir, STATE_FILE_NAME), 'utf8')).toBe(state)
    } finally {
      await api.close()
    }
    const again = await startTokenApi({ dataDir: dir })
    try {
      expect((await call(again.url, 'GET', `/v1/api-keys/${created.id}`, { key: admin })).json.data.last_used).toBe(last)
      // A state file written later carries the time too, and an older usage file does not move it back.
      await call(again.url, 'POST', '/v1/api-keys', { key: admin, body: { name: 'another', scopes: ['dns:read'] } })
    } finally {
      await again.close()
    }
    await writeFile(join(dir, USAGE_FILE_NAME), JSON.stringify({ format: 'keyward-token-api-usage', version: 1, last_used: { [created.id]: '2020-01-01T00:00:00.000Z' } }))
    const third = await startTokenApi({ dataDir: dir })
    try {
      expect((await call(third.url, 'GET', `/v1/api-keys/${created.id}`, { key: admin })).json.data.last_used).toBe(last)
    } finally {
      await third.close()
    }
  })

  it('shuts down gracefully on SIGTERM, saving last_used', async () => {
    const dir = await newDir()
    const cli = await startCli(dir)
    const admin = cli.ready.organizations[2]!.admin_key!
    const me = await call(cli.ready.url, 'GET', '/v1/me', { key: admin })
    const used = me.json.data.key.last_used as string
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.stderr()).toContain('SIGTERM')

    const again = await startTokenApi({ dataDir: dir })
    try {
      const seen = await call(again.url, 'GET', `/v1/api-keys/${me.json.data.key.id}`, { key: admin })
      expect(Date.parse(seen.json.data.last_used)).toBeGreaterThanOrEqual(Date.parse(used))
    } finally {
      await again.close()
    }
  })

  it('refuses to start over a corrupt state file, naming the file, and leaves it untouched', async () => {
    const dir = await newDir()
    const file = join(dir, STATE_FILE_NAME)
    await writeFile(file, '{"format":"keyward-token-api-state","version":1,"organizations":[')
    const p = spawnCli(['--port', '0', '--data-dir', dir])
    expect(await p.firstLine).toBeNull()
    expect((await p.exited).code).toBe(1)
    expect(p.stderr()).toContain(file)
    expect(p.stderr()).toMatch(/corrupt/i)
    expect(await readFile(file, 'utf8')).toBe('{"format":"keyward-token-api-state","version":1,"organizations":[')
  })

  it('loads another scope catalog with --scopes, keeping the key-management scopes', async () => {
    const dir = await newDir()
    const catalog = join(dir, 'scopes.json')
    await writeFile(
      catalog,
      JSON.stringify([
        { name: 'license:read', description: 'Read-only access to all the licenses.' },
        { name: 'license:write', description: 'Create, update and delete licenses.' },
      ]),
    )
    const cli = await startCli(join(dir, 'data'), ['--scopes', catalog])
    const scopes = await call(cli.ready.url, 'GET', '/v1/scopes', { key: cli.ready.organizations[0]!.admin_key! })
    expect(scopes.json.data.map((s: { name: string }) => s.name)).toEqual(['api_keys:read', 'api_keys:write', 'license:read', 'license:write'])
    cli.child.kill('SIGTERM')
    await cli.exited
  })
})

describe('persistence in process', () => {
  it('leaves no write under way once idle: close() waits for a write the flush timer started', async () => {
    const dir = await newDir()
    const { ledger } = await KeyLedger.open(dir)
    ledger.addOrganization('Acme', 'dev', Date.now())
    const written = ledger.persist()
    await ledger.idle()
    expect(await readdir(dir)).toEqual([STATE_FILE_NAME])
    await written
    expect(JSON.parse(await readFile(join(dir, STATE_FILE_NAME), 'utf8')).organizations).toHaveLength(1)
  })

  it('restores organizations, keys, revocations, suspensions and last_used after a restart', async () => {
    const dir = await newDir()
    const first = await startTokenApi({ dataDir: dir })
    const [dev, staging] = first.organizations
    const created = (await call(first.url, 'POST', '/v1/api-keys', { key: dev!.admin_key!, body: { name: 'kept', scopes: ['dns:read'], allowed_ips: ['127.0.0.1/32'] } })).json.data
    const used = (await call(first.url, 'GET', '/v1/me', { key: created.secret })).json.data.key.last_used
    await call(first.url, 'POST', `/v1/operator/organizations/${staging!.id}/suspend`, { key: first.operatorToken })
    await first.close()

    const second = await startTokenApi({ dataDir: dir })
    try {
      expect(second.organizations.map((o) => [o.id, o.status, o.admin_key])).toEqual([
        [dev!.id, 'active', null],
        [staging!.id, 'suspended', null],
        [second.organizations[2]!.id, 'active', null],
      ])
      const seen = (await call(second.url, 'GET', `/v1/api-keys/${created.id}`, { key: dev!.admin_key! })).json.data
      expect(seen).toMatchObject({ name: 'kept', scopes: ['dns:read'], allowed_ips: ['127.0.0.1/32'], status: 'active', last_used: used })
      expect((await call(second.url, 'GET', '/v1/me', { key: staging!.admin_key! })).json.error.code).toBe('ORGANIZATION_SUSPENDED')
    } finally {
      await second.close()
    }
  })

  it('answers 500 and undoes the change when the state cannot be written', async () => {
    const dir = await newDir()
    const api = await startTokenApi({ dataDir: dir })
    try {
      const dev = api.organizations[0]!
      const admin = dev.admin_key!
      const target = (await call(api.url, 'POST', '/v1/api-keys', { key: admin, body: { name: 'target', scopes: ['dns:read'] } })).json.data
      const before = (await call(api.url, 'GET', '/v1/api-keys?limit=1000', { key: admin })).json.data
      // A directory where the state file should be makes the atomic rename fail.
      const file = join(dir, STATE_FILE_NAME)
      const saved = await readFile(file, 'utf8')
      await rm(file)
      await mkdir(join(file, 'blocker'), { recursive: true })

      const created = await call(api.url, 'POST', '/v1/api-keys', { key: admin, body: { name: 'doomed', scopes: ['dns:read'] } })
      expect(created.status).toBe(500)
      expect(created.json.error.code).toBe('INTERNAL_ERROR')
      expect((await call(api.url, 'POST', `/v1/api-keys/${target.id}/rotate`, { key: admin })).json.error.code).toBe('INTERNAL_ERROR')
      expect((await call(api.url, 'DELETE', `/v1/api-keys/${target.id}`, { key: admin })).json.error.code).toBe('INTERNAL_ERROR')
      expect((await call(api.url, 'POST', `/v1/operator/organizations/${dev.id}/suspend`, { key: api.operatorToken })).json.error.code).toBe('INTERNAL_ERROR')

      const after = (await call(api.url, 'GET', '/v1/api-keys?limit=1000', { key: admin })).json.data
      expect(after.map((k: { id: string; status: string }) => [k.id, k.status])).toEqual(before.map((k: { id: string; status: string }) => [k.id, k.status]))
      expect((await call(api.url, 'GET', '/v1/me', { key: target.secret })).json.data.organization.status).toBe('active')

      await rm(file, { recursive: true })
      await writeFile(file, saved)
      expect((await call(api.url, 'POST', '/v1/api-keys', { key: admin, body: { name: 'works again', scopes: ['dns:read'] } })).status).toBe(201)
    } finally {
      await api.close()
    }
  })

  it('writes nothing when the port is taken, so a retry on another port still seeds and returns admin keys', async () => {
    const dir = await newDir()
    const holder = await startTokenApi({ dataDir: await newDir() })
    try {
      const port = Number(new URL(holder.url).port)
      await expect(startTokenApi({ dataDir: dir, port })).rejects.toMatchObject({ code: 'EADDRINUSE' })
      expect(await readdir(dir)).toEqual([])
      const retry = await startTokenApi({ dataDir: dir, port: 0 })
      expect(retry.organizations.every((o) => o.admin_key !== null)).toBe(true)
      await retry.close()
    } finally {
      await holder.close()
    }
  })

  it('rejects truncated or ill-shaped state files instead of starting empty', async () => {
    const dir = await newDir()
    const api = await startTokenApi({ dataDir: dir })
    await api.close()
    const file = join(dir, STATE_FILE_NAME)
    const good = await readFile(file, 'utf8')
    for (const bad of [good.slice(0, Math.floor(good.length / 2)), '', '{}', JSON.stringify({ ...JSON.parse(good), keys: [{ id: 'key_x' }] })]) {
      await writeFile(file, bad)
      await expect(startTokenApi({ dataDir: dir })).rejects.toThrow(file)
      expect(await readFile(file, 'utf8')).toBe(bad)
    }
    await writeFile(file, good)
    const restored = await startTokenApi({ dataDir: dir })
    expect(restored.organizations).toHaveLength(3)
    await restored.close()
  })
})

describe('secrets at rest and in logs', () => {
  it('writes no secret to the data directory or the logs, whatever the requests', async () => {
    const dir = await newDir()
    const cli = await startCli(dir)
    const inProcessDir = await newDir()
    const inProcess = await startTestServer({ dataDir: inProcessDir })
    const secrets = [cli.ready.operator_token, inProcess.api.operatorToken]
    for (const [url, orgs, operator] of [
      [cli.ready.url, cli.ready.organizations.map((o) => o.admin_key!), cli.ready.operator_token],
      [inProcess.api.url, inProcess.api.organizations.map((o) => o.admin_key!), inProcess.api.operatorToken],
    ] as const) {
      secrets.push(...orgs)
      const admin = orgs[0]!
      const created = (await call(url, 'POST', '/v1/api-keys', { key: admin, body: { name: 'scan', scopes: ['dns:read'] } })).json.data
      secrets.push(created.secret)
      const rotated = (await call(url, 'POST', `/v1/api-keys/${created.id}/rotate`, { key: admin, body: { grace_period_seconds: 60 } })).json.data
      secrets.push(rotated.secret)
      await call(url, 'GET', '/v1/me', { key: rotated.secret })
      await call(url, 'GET', '/v1/api-keys', { key: admin })
      await call(url, 'DELETE', `/v1/api-keys/${created.id}`, { key: admin })
      const badChecksum = `${admin.slice(0, -1)}${admin.endsWith('A') ? 'B' : 'A'}`
      const unknown = generateSecret('sk_test_')
      secrets.push(badChecksum, unknown)
      await call(url, 'GET', '/v1/me', { key: badChecksum })
      await call(url, 'GET', '/v1/me', { key: unknown })
      await call(url, 'GET', '/v1/me', { key: created.secret })
      await call(url, 'POST', '/v1/api-keys', { key: admin, raw: `{"name":"${unknown}"` })
      await call(url, 'POST', `/v1/operator/organizations/${'org_x'}/suspend`, { key: operator })
    }
    cli.child.kill('SIGTERM')
    await cli.exited
    await inProcess.api.close()

    const logs = `${cli.stderr()}\n${cli.stdoutLines.slice(1).join('\n')}\n${inProcess.logs.join('\n')}`
    // The logs are real: they record each request's method, route and status.
    expect(logs).toMatch(/GET \/v1\/me 200/)
    expect(logs).toMatch(/POST \/v1\/api-keys\/:id\/rotate 201/)
    expect(logs).toMatch(/GET \/v1\/me 401/)
    expect(logs.toLowerCase()).not.toContain('bearer')
    expect(logs.toLowerCase()).not.toContain('authorization')

    const files = [...(await filesUnder(dir)), ...(await filesUnder(inProcessDir))]
    expect(files.length).toBeGreaterThanOrEqual(2)
    const stored = (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n')
    // The state really holds the keys (by digest), so the scan looks at the right data.
    expect(stored).toContain('"sha256"')
    for (const secret of secrets) {
      for (const haystack of [logs, stored]) {
        expect(haystack).not.toContain(secret)
        expect(haystack).not.toContain(secret.slice(8, 44))
      }
    }
    await inProcess.dispose()
  })
})
