/**
 * The Token API server in a process of its own, as it would be for a real client: the load
 * generator or client under test in the bench process never shares its event loop.
 * argv: <dataDir> <keys to insert>. Prints one JSON line {url, orgId, adminKey} when ready; SIGTERM closes.
 */
import { benchKeySpecs, type BenchKeySpec } from '../lib/bench-keys'
import { loadLanded } from '../lib/landed'

interface ServerModule {
  startTokenApi(options: { dataDir: string; port?: number; rateLimitPerMinute?: number }): Promise<{
    url: string
    organizations: ReadonlyArray<{ id: string; environment: string; admin_key: string | null }>
    bulkInsertKeys(orgId: string, specs: ReadonlyArray<BenchKeySpec>): Promise<Array<{ id: string; secret: string }>>
    close(): Promise<void>
  }>
}

async function main(): Promise<void> {
  const [dataDir, keys] = process.argv.slice(2)
  if (!dataDir) throw new Error('usage: token-api-child.ts <dataDir> <keys>')
  const { startTokenApi } = await loadLanded<ServerModule>('src-main/token-api/server.ts', ['startTokenApi'])
  // The rate limit (600/min per key by default) would turn a load test into a 429 test.
  const server = await startTokenApi({ dataDir, port: 0, rateLimitPerMinute: 0 })
  const org = server.organizations.find((o) => o.environment === 'dev') ?? server.organizations[0]
  if (!org?.admin_key) throw new Error('the Token API did not return an admin key for a fresh data dir')
  const count = Number(keys ?? 0)
  if (count > 0) await server.bulkInsertKeys(org.id, benchKeySpecs(count, Date.now()))
  process.stdout.write(`${JSON.stringify({ url: server.url, orgId: org.id, adminKey: org.admin_key })}\n`)
  process.once('SIGTERM', () => {
    void server.close().then(() => process.exit(0))
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
