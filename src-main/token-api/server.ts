import { randomBase62 } from '../shared/token-format'
import { createGuards } from './authentication'
import { createHttpApp, TIMEOUT_DEFAULTS, type FastGet, type Timeouts } from './http-app'
import { KeyLedger } from './key-ledger'
import { RateLimiter } from './rate-limiter'
import { keyRoutes } from './routes/keys'
import { operatorRoutes } from './routes/operator'
import { selfRoutes } from './routes/self'
import { DEFAULT_SCOPES, normalizeCatalog, type ScopeDefinition } from './scopes'
import { seedLedger } from './seed'
import { orgJson } from './wire'

export { TIMEOUT_DEFAULTS, type Timeouts } from './http-app'

export interface TokenApiOptions {
  dataDir: string
  /** 0 = a free port (default 0). */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** Requests per minute per key, default 600; 0 or Infinity disables the limit. */
  rateLimitPerMinute?: number
  /**
   * Requests per minute per client address, counted before authentication so that floods without a
   * valid key are limited too; default 6000; 0 or Infinity disables the limit.
   */
  ipRateLimitPerMinute?: number
  /** Socket timeouts in ms; the defaults (TIMEOUT_DEFAULTS) suit loopback clients. */
  timeouts?: Partial<Timeouts>
  /** Default: the catalog from the issue. api_keys:read and api_keys:write are always added. */
  scopes?: ReadonlyArray<{ name: string; description: string }>
  /** Receives secret-free log lines (method, route, status); default: none. */
  log?: (line: string) => void
}

export interface TokenApiOrganization {
  id: string
  name: string
  environment: 'dev' | 'staging' | 'prod'
  status: 'active' | 'suspended'
  /** The admin key's secret when it was just created, null on later starts. */
  admin_key: string | null
}

export interface RunningTokenApi {
  /** http://127.0.0.1:<port> */
  url: string
  operatorToken: string
  organizations: TokenApiOrganization[]
  /** Every route the server answers, as "METHOD /path/{param}"; the OpenAPI test reads it. */
  routes: readonly string[]
  /** Test/bench helper, not over HTTP: inserts many keys at once (one durable write), returns their ids and secrets. */
  bulkInsertKeys(orgId: string, specs: ReadonlyArray<BulkKeySpec>): Promise<Array<{ id: string; secret: string }>>
  close(): Promise<void>
}

export interface BulkKeySpec {
  name: string
  scopes: string[]
  createdAt?: string
  lastUsed?: string | null
  expiresAt?: string | null
  revokedAt?: string | null
}

/** bulkInsertKeys: mints keys straight into the ledger with the times given, in one durable write. */
async function bulkInsert(ledger: KeyLedger, orgId: string, specs: ReadonlyArray<BulkKeySpec>): Promise<Array<{ id: string; secret: string }>> {
  const now = Date.now()
  const ms = (s: string | null | undefined): number | null => {
    if (s === undefined || s === null) return null
    const value = Date.parse(s)
    if (Number.isNaN(value)) throw new Error(`bulkInsertKeys: ${s} is not an ISO-8601 time`)
    return value
  }
  const minted = ledger.mintKeys(
    orgId,
    specs.map((s) => ({
      name: s.name,
      scopes: s.scopes,
      createdMs: ms(s.createdAt) ?? now,
      lastUsedMs: ms(s.lastUsed),
      expiresMs: ms(s.expiresAt),
      revokedMs: ms(s.revokedAt),
    })),
  )
  await ledger.persist()
  return minted.map(({ key, secret }) => ({ id: key.id, secret }))
}

/** Starts the Token API v1 reference server on loopback (by default) over the state in dataDir. */
export async function startTokenApi(options: TokenApiOptions): Promise<RunningTokenApi> {
  const catalog: ScopeDefinition[] = normalizeCatalog(options.scopes ?? DEFAULT_SCOPES)
  const log = options.log
  const { ledger, fresh } = await KeyLedger.open(options.dataDir)
  const adminKeys = new Map<string, string>()
  // Seeded in memory now, written only once the port is bound: a caller that retries on another
  // port after EADDRINUSE then still gets a fresh start with its admin keys, not a half-used dir.
  if (fresh) for (const seeded of seedLedger(ledger, catalog, Date.now())) adminKeys.set(seeded.id, seeded.adminKey)
  // Not persisted: a new operator token every start keeps the data directory free of secrets.
  const operatorToken = `op_${randomBase62(40)}`
  const keyLimiter = new RateLimiter(options.rateLimitPerMinute ?? 600)
  const addressLimiter = new RateLimiter(options.ipRateLimitPerMinute ?? 6000)
  const routes: string[] = []

  const fastGets = new Map<string, FastGet>()
  const app = createHttpApp({ timeouts: { ...TIMEOUT_DEFAULTS, ...options.timeouts }, addressLimiter, fastGets, onRoute: (r) => routes.push(r), log })
  const guards = createGuards(ledger, keyLimiter, operatorToken)
  await app.register(selfRoutes, { ledger, guards, catalog, fastGets })
  await app.register(keyRoutes, { ledger, guards, catalogNames: new Set(catalog.map((s) => s.name)) })
  await app.register(operatorRoutes, { ledger, guards })

  const flushTimer = setInterval(() => {
    keyLimiter.prune(Date.now())
    addressLimiter.prune(Date.now())
    ledger.flushUsage().catch((e: unknown) => log?.(`failed to save last_used times: ${(e as Error).message}`))
  }, 1000)
  flushTimer.unref()

  try {
    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' })
    if (fresh) await ledger.persist()
  } catch (e) {
    clearInterval(flushTimer)
    await app.close()
    throw e
  }
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('The Token API did not bind a TCP port.')
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  log?.(`Token API v1 listening on ${url}`)

  let closing: Promise<void> | null = null
  return {
    url,
    operatorToken,
    routes,
    organizations: ledger.organizations().map((org) => ({ ...orgJson(org), admin_key: adminKeys.get(org.id) ?? null })),
    bulkInsertKeys: (orgId, specs) => bulkInsert(ledger, orgId, specs),
    close() {
      closing ??= (async () => {
        clearInterval(flushTimer)
        await app.close()
        await ledger.flushUsage()
        // A write the flush timer started may still be under way: close means nothing is left on disk to finish.
        await ledger.idle()
      })()
      return closing
    },
  }
}
