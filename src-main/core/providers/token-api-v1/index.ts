/**
 * Token API v1 behind the port: the existing client (core/api-client.ts) unchanged, its ApiErrors
 * carried over as ProviderErrors with the same code, message and extras.
 */
import { ApiError, TokenApiClient } from '../../api-client'
import { checkSecret } from '@shared/token-format'
import { ProviderError } from '../errors'
import type { ConnectOptions, CredentialCheck, CredentialLook, Provider, ProviderDescriptor, ProviderSession } from '../port'

export const tokenApiV1Descriptor: ProviderDescriptor = {
  id: 'token-api-v1',
  label: 'Token API v1',
  credentialLabel: 'Token API key',
  defaultBaseUrl: null,
  baseUrlHint: 'The Token API server, e.g. https://api.example.com',
  capabilities: {
    list: { available: true, note: null },
    create: { available: true, note: null },
    rotate: { available: true, note: null },
    rotateWithGrace: { available: true, note: 'The Token API keeps the old key working until the grace period ends.' },
    revoke: { available: true, note: null },
    identify: { available: true, note: null },
    lastUsed: { available: true, note: null },
    expiry: { available: true, note: null },
    scopeCatalog: { available: true, note: null },
  },
  rotation: 'native-grace',
  revokeBy: 'id',
  createStepUp: [],
  inventory: 'remote',
}

/** The client's error as the port's: same code, message and extras, plus the HTTP status. */
export function fromApiError(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error
  const k = error.toKeywardError()
  return new ProviderError(k.code, k.message, error.status, {
    ...(k.details ? { details: k.details } : {}),
    ...(k.requiredScope ? { requiredScope: k.requiredScope } : {}),
    ...(k.retryAfterSeconds !== undefined ? { retryAfterSeconds: k.retryAfterSeconds } : {}),
  })
}

async function mapped<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw fromApiError(error)
  }
}

function connect(options: ConnectOptions): ProviderSession {
  if (!options.baseUrl) throw new ProviderError('INVALID_REQUEST', 'A Token API profile needs the base URL of its server.', 0)
  const client = new TokenApiClient(options.baseUrl, options.credential, options.http ?? {})
  return {
    identify: () =>
      mapped(async () => {
        const me = await client.me()
        return { account: me.organization, token: me.key }
      }),
    list: () => mapped(() => client.listKeys('all')),
    get: (tokenId) => mapped(() => client.getKey(tokenId)),
    create: (input) =>
      mapped(async () => {
        const created = await client.createKey({ name: input.name, scopes: input.scopes, expiresAt: input.expiresAt })
        return { token: created.key, secret: created.secret }
      }),
    rotate: (tokenId, opts) =>
      mapped(async () => {
        const created = await client.rotateKey(tokenId, opts.graceSeconds)
        return { token: created.key, secret: created.secret }
      }),
    revoke: (target) => mapped(() => client.revokeKey(target.id)),
    scopes: () => mapped(() => client.scopes()),
  }
}

function looksLike(credential: string): CredentialLook {
  const check = checkSecret(credential)
  if (check.ok) return { match: 'yes', kind: `${check.prefix} key`, environments: check.prefix === 'sk_live_' ? ['prod'] : ['dev', 'staging'] }
  return /^sk_(test|live)_/.test(credential.trim()) ? { match: 'unknown' } : { match: 'no' }
}

function checkCredential(input: string): CredentialCheck {
  const check = checkSecret(input)
  return check.ok ? { ok: true, credential: check.secret } : { ok: false, message: check.message }
}

export const tokenApiV1Provider: Provider = { descriptor: tokenApiV1Descriptor, looksLike, checkCredential, connect }
