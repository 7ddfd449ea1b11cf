import { useId } from 'react'
import { ENVIRONMENTS, type Environment } from '@shared/models'
import { ENVIRONMENT_NAMES } from './env-badge'

/** The Environment field of a form (a profile's, a secret's). Its own module: ENVIRONMENTS brings zod, which the list's first paint does without. */
export function EnvironmentSelect({ value, onChange }: { readonly value: Environment; readonly onChange: (environment: Environment) => void }) {
  const id = useId()
  return (
    <>
      <label htmlFor={id}>Environment</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Environment)}>
        {ENVIRONMENTS.map((env) => (
          <option key={env} value={env}>
            {ENVIRONMENT_NAMES[env]}
          </option>
        ))}
      </select>
    </>
  )
}
