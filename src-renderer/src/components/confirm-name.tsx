import { useId, useState } from 'react'
import type { Environment } from '@shared/models'

/** On prod, destructive actions need the token's name typed: a pause that a click does not give. */
export function ConfirmName({ name, value, onChange }: { readonly name: string; readonly value: string; readonly onChange: (v: string) => void }) {
  const id = useId()
  return (
    <div className="confirm-name">
      <label htmlFor={id}>
        This is a <strong>production</strong> token. Type <code className="mono">{name}</code> to confirm
      </label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} />
    </div>
  )
}

/** The typed-name confirmation state of a destructive action, and the request field it adds. */
export function useNameConfirmation(environment: Environment, name: string) {
  const [typed, setTyped] = useState('')
  const required = environment === 'prod'
  return {
    required,
    /** The name to type. */
    name,
    typed,
    setTyped,
    confirmed: !required || typed === name,
    /** Spread into the request: core checks the typed name again on prod. */
    request: required ? { confirmName: typed } : {},
  }
}
