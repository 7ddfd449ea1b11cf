import { useId, useState } from 'react'

interface CredentialFieldProps {
  readonly editing: boolean
  /** What the provider calls it ("npm access token"). */
  readonly credentialLabel: string
  readonly value: string
  readonly onChange: (value: string) => void
  readonly problem: string | null
  /** The form was submitted or tested: show the problem even if the field was never left. */
  readonly showProblem: boolean
}

/** The profile's credential: pasted once, straight to the keychain; optional when editing. */
export function CredentialField({ editing, credentialLabel, value, onChange, problem, showProblem }: CredentialFieldProps) {
  const [blurred, setBlurred] = useState(false)
  const ids = { field: useId(), hint: useId() }
  const shown = (showProblem || blurred) && !!problem
  return (
    <>
      <label htmlFor={ids.field}>{editing ? 'New credential (optional)' : `Credential (${credentialLabel})`}</label>
      <input
        id={ids.field}
        type="password"
        className="mono"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => setBlurred(true)}
        aria-describedby={ids.hint}
        aria-invalid={shown}
      />
      <p id={ids.hint} className="hint">
        {editing ? 'Leave empty to keep the credential in your keychain. ' : ''}Pasted once and stored in your keychain — never in
        Keyward’s settings file.
      </p>
      {shown && <p className="field-error">{problem}</p>}
    </>
  )
}
