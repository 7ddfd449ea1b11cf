/**
 * The Token API server in a process of its own, as it would be for a real client: the load
 * generator or client under test in the bench process never shares its event loop.
 * argv: <dataDir> <keys to insert>. Prints one JSON line {url, orgId, adminKey} when ready; SIGTERM closes.
 */
import { startTokenApi } from '../../../src-main/token-api/server'
import { benchKeySpecs } from '../lib/bench-keys'

async function main(): Promise<void> {
  const [dataDir, keys] = process.argv.slice(2)
  if (!dataDir) throw new Error('usage: token-api-child.ts <dataDir> <keys>')
  // The default limits (600/min per key, 6000/min per address) would turn a load test into a 429
  // test; budgets out of reach keep both limiters counting, so their cost is part of the figure.
  const server = await startTokenApi({ dataDir, port: 0, rateLimitPerMinute: 1e9, ipRateLimitPerMinute: 1e9 })
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
