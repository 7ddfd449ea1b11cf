import type { ScopeDefinition } from './scopes'
import type { Environment, KeyLedger } from './key-ledger'

const DAY = 24 * 60 * 60 * 1000
const HOUR = 60 * 60 * 1000

export interface SeededOrganization {
  readonly id: string
  readonly adminKey: string
}

const ORGS: ReadonlyArray<{ name: string; environment: Environment }> = [
  { name: 'Sandbox Dev', environment: 'dev' },
  { name: 'Sandbox Staging', environment: 'staging' },
  { name: 'Sandbox Prod', environment: 'prod' },
]

/**
 * Fills an empty ledger: three organizations, each with an admin key holding every scope and
 * sample keys in the states the app warns about. Returns the admin secrets, shown only this once.
 */
export function seedLedger(ledger: KeyLedger, catalog: readonly ScopeDefinition[], now: number): SeededOrganization[] {
  const all = catalog.map((s) => s.name)
  const reads = all.filter((n) => n.endsWith(':read') && !n.startsWith('api_keys:'))
  const writes = all.filter((n) => n.endsWith(':write') && !n.startsWith('api_keys:'))
  // A custom catalog may have few read/write pairs; fall back to whatever it offers.
  const some = (names: string[], n: number): string[] => (names.length > 0 ? names.slice(0, n) : all.slice(0, 1))

  return ORGS.map(({ name, environment }) => {
    const org = ledger.addOrganization(name, environment, now - 200 * DAY)
    const [admin] = ledger.mintKeys(org.id, [{ name: 'Admin', scopes: all, createdMs: now }])
    ledger.mintKeys(org.id, [
      // Fresh, in regular use, restricted to loopback and a private range.
      {
        name: 'CI deploy',
        scopes: [...some(reads, 2), ...some(writes, 1)],
        createdMs: now - 2 * DAY,
        lastUsedMs: now - HOUR,
        expiresMs: now + 90 * DAY,
        allowedIps: ['127.0.0.1/32', '::1/128', '10.0.0.0/8'],
      },
      { name: 'Billing export', scopes: some(reads, 1), createdMs: now - 60 * DAY, lastUsedMs: now - DAY, expiresMs: now + 5 * DAY },
      { name: 'Old webhook relay', scopes: some(writes, 1), createdMs: now - 200 * DAY, lastUsedMs: now - 12 * DAY, expiresMs: now - 10 * DAY },
      { name: 'Reporting (never used)', scopes: some(reads, 3), createdMs: now - 40 * DAY, lastUsedMs: null },
      { name: 'Legacy sync', scopes: some(reads, 2), createdMs: now - 130 * DAY, lastUsedMs: now - 120 * DAY },
      { name: 'Monitoring', scopes: some(reads, 1), createdMs: now - 100 * DAY, lastUsedMs: now - 2 * DAY },
      {
        name: 'Leaked laptop key',
        scopes: [...some(reads, 1), ...some(writes, 1)],
        createdMs: now - 30 * DAY,
        lastUsedMs: now - 4 * DAY,
        revokedMs: now - 3 * DAY,
      },
    ])
    return { id: org.id, adminKey: (admin as { secret: string }).secret }
  })
}
