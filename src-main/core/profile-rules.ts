/** Pure profile rules: base URL policy and the warnings a mismatched credential raises. */
import type { Environment, Organization, SecretPrefix } from '../shared/models'
import { KeywardError } from './errors'
import { checkBaseUrl } from '../shared/urls'

/** Normalizes a base URL by the shared rule (shared/urls): https only, except literal loopback hosts. */
export function normalizeBaseUrl(input: string): string {
  const check = checkBaseUrl(input)
  if (check.ok) return check.url
  throw new KeywardError('INVALID_REQUEST', check.message, { details: [{ field: 'baseUrl', message: FIELD_MESSAGE[check.reason] }] })
}

const FIELD_MESSAGE = { 'not-a-url': 'not a URL', credentials: 'credentials in URL', 'not-https': 'must be https' } as const

/** The visible warnings for a profile whose credential does not fit its environment. */
export function profileWarnings(environment: Environment, organization: Organization | null, prefix: SecretPrefix | null): string[] {
  const warnings: string[] = []
  if (organization && organization.environment !== environment) {
    warnings.push(`This profile is marked ${environment}, but its credential belongs to the ${organization.environment} organization "${organization.name}".`)
  }
  if (prefix === 'sk_live_' && environment !== 'prod') {
    warnings.push(`A live key (sk_live_) is used on a ${environment} profile. Use a test key (sk_test_) outside production.`)
  }
  if (prefix === 'sk_test_' && environment === 'prod') {
    warnings.push('A test key (sk_test_) is used on a prod profile. Production should use a live key (sk_live_).')
  }
  if (organization?.status === 'suspended') {
    warnings.push(`The organization "${organization.name}" is suspended.`)
  }
  return warnings
}

/** How a connection test failed, as far as the base URL could be the cause. */
export type ConnectionFailure = 'not-found' | 'refused' | 'wrong-protocol'

/**
 * What is likely wrong with a base URL, given how a connection test against it failed; null when
 * the URL looks right (then the server's own message stands). The common mistakes: a path on the
 * base URL (Keyward adds /v1/… itself), http where the server speaks https or the other way round,
 * and a port nothing listens on.
 */
export function baseUrlMistake(baseUrl: string, failure: ConnectionFailure): string | null {
  const url = new URL(baseUrl)
  const path = url.pathname.replace(/\/+$/, '')
  switch (failure) {
    case 'not-found':
      return path === ''
        ? null
        : `The base URL ends in a path (${path}), but Keyward adds the API’s paths (/v1/…) itself, so the server was asked for ${path}/v1/…. Try ${url.origin} as the base URL.`
    case 'wrong-protocol':
      return url.protocol === 'https:'
        ? `The server at ${url.host} does not speak https. If it is a local server without TLS, use http://${url.host}${path}.`
        : `The server at ${url.host} did not answer plain http; it may expect https. Try https://${url.host}${path}.`
    case 'refused':
      return `Nothing answers at ${url.hostname} on port ${url.port || (url.protocol === 'https:' ? '443' : '80')}. Check the port in the base URL.`
  }
}
