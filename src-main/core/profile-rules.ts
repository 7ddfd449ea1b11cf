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
