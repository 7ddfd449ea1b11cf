import { useId } from 'react'

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
