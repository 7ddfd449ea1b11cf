/** Pure profile rules: base URL policy and the warnings a mismatched credential raises. */
import type { Environment, Organization, SecretPrefix } from '../shared/models'
import { KeywardError } from './errors'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname.endsWith('.localhost')
}

/** Normalizes a base URL; https only, except loopback hosts (the sandbox, local servers). */
export function normalizeBaseUrl(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new KeywardError('INVALID_REQUEST', 'The base URL is not a valid URL, e.g. https://api.example.com.', {
      details: [{ field: 'baseUrl', message: 'not a URL' }],
    })
  }
  if (url.username || url.password) {
    throw new KeywardError('INVALID_REQUEST', 'The base URL must not contain a user name or password.', { details: [{ field: 'baseUrl', message: 'credentials in URL' }] })
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) {
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  }
  throw new KeywardError('INVALID_REQUEST', 'The base URL must use https:// (plain http:// is only allowed for localhost).', {
    details: [{ field: 'baseUrl', message: 'must be https' }],
  })
}

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
