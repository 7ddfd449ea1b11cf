/**
 * The Token API server in a process of its own, as it would be for a real client: the load
 * generator or client under test in the bench process never shares its event loop.
 * argv: <dataDir> <keys to insert>[,<keys for the next organization>…]. Prints one JSON line
 * {url, orgs: [{orgId, adminKey}]} when ready (one entry per count, in order); SIGTERM closes.
 */
import { startTokenApi } from '../../../src-main/token-api/server'
import { benchKeySpecs } from '../lib/bench-keys'

async function main(): Promise<void> {
  const [dataDir, keys] = process.argv.slice(2)
  if (!dataDir) throw new Error('usage: token-api-child.ts <dataDir> <keys>[,<keys>…]')
  const counts = (keys ?? '0').split(',').map(Number)
  // The default limits (600/min per key, 6000/min per address) would turn a load test into a 429
  // test; budgets out of reach keep both limiters counting, so their cost is part of the figure.
  const server = await startTokenApi({ dataDir, port: 0, rateLimitPerMinute: 1e9, ipRateLimitPerMinute: 1e9 })
  if (counts.length > server.organizations.length) throw new Error(`${counts.length} key counts but only ${server.organizations.length} organizations`)
  const orgs: { orgId: string; adminKey: string }[] = []
  for (const [i, count] of counts.entries()) {
    const org = server.organizations[i]
    if (!org?.admin_key) throw new Error('the Token API did not return an admin key for a fresh data dir')
    if (count > 0) await server.bulkInsertKeys(org.id, benchKeySpecs(count, Date.now()))
    orgs.push({ orgId: org.id, adminKey: org.admin_key })
  }
  process.stdout.write(`${JSON.stringify({ url: server.url, orgs })}\n`)
  process.once('SIGTERM', () => {
    void server.close().then(() => process.exit(0))
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
