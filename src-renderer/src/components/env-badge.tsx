import type { Environment } from '@shared/models'

const LABEL: Record<Environment, string> = { dev: 'DEV', staging: 'STAGING', prod: 'PROD' }

/** The environment as a coloured badge; prod is red everywhere so it is never mistaken. */
export function EnvBadge({ environment }: { readonly environment: Environment }) {
  return <span className={`env-badge env-${environment}`}>{LABEL[environment]}</span>
}

export const ENVIRONMENT_NAMES: Record<Environment, string> = { dev: 'Development', staging: 'Staging', prod: 'Production' }
