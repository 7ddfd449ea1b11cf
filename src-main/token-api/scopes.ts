import { z } from 'zod'

export interface ScopeDefinition {
  readonly name: string
  readonly description: string
}

/** The default catalog: seed 002's read/write pairs plus the scopes the key endpoints themselves need. */
export const DEFAULT_SCOPES: readonly ScopeDefinition[] = [
  { name: 'api_keys:read', description: 'List and view API keys of the organization.' },
  { name: 'api_keys:write', description: 'Create, rotate and revoke API keys of the organization.' },
  { name: 'account:read', description: 'View account profile and invoices.' },
  { name: 'account:write', description: 'Update account settings.' },
  { name: 'domains:read', description: 'View domain information.' },
  { name: 'domains:write', description: 'Register, renew, and manage domains.' },
  { name: 'dns:read', description: 'View DNS records.' },
  { name: 'dns:write', description: 'Create, update, delete DNS records.' },
  { name: 'hosting:read', description: 'View hosting services.' },
  { name: 'hosting:write', description: 'Manage hosting services.' },
]

const REQUIRED = DEFAULT_SCOPES.slice(0, 2)

const catalogSchema = z
  .array(
    z.object({
      name: z.string().trim().min(1).max(100).regex(/^\S+$/, 'a scope name has no spaces'),
      description: z.string().max(500),
    }),
  )
  .min(1)

/**
 * Validates a catalog and makes sure it contains api_keys:read and api_keys:write, without which
 * no key could manage keys (seed 004's catalog, for one, lacks them).
 */
export function normalizeCatalog(input: unknown): ScopeDefinition[] {
  const parsed = catalogSchema.safeParse(input)
  if (!parsed.success) {
    throw new Error(`Invalid scope catalog: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
  }
  const byName = new Map<string, ScopeDefinition>()
  for (const scope of parsed.data) if (!byName.has(scope.name)) byName.set(scope.name, { name: scope.name, description: scope.description })
  const missing = REQUIRED.filter((scope) => !byName.has(scope.name))
  return [...missing, ...byName.values()]
}
