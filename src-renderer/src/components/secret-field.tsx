import { useId, useState, type ReactNode } from 'react'

interface SecretFieldProps {
  readonly label: string
  readonly value: string
  readonly onChange: (value: string) => void
  /** What is wrong with the value now (null: nothing); shown once the form asks for it. */
  readonly problem: string | null
  /** The form was submitted or tested: show the problem even if the field was never left. */
  readonly showProblem: boolean
  /** Also show the problem as soon as the field is left. */
  readonly checkOnBlur?: boolean
  /** The dialog's starting field (see Modal: data-autofocus). */
  readonly autoFocus?: boolean
  readonly hint?: ReactNode
}

/**
 * A pasted secret: masked, never autocompleted or spell-checked (a spell checker would send it
 * to a dictionary), and kept only in the dialog's state. Every dialog that takes a secret uses this.
 */
export function SecretField({ label, value, onChange, problem, showProblem, checkOnBlur, autoFocus, hint }: SecretFieldProps) {
  const [blurred, setBlurred] = useState(false)
  const ids = { field: useId(), hint: useId() }
  const shown = (showProblem || (!!checkOnBlur && blurred)) && !!problem
  return (
    <>
      <label htmlFor={ids.field}>{label}</label>
      <input
        id={ids.field}
        type="password"
        className="mono"
        data-autofocus={autoFocus ? true : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={checkOnBlur ? () => setBlurred(true) : undefined}
        aria-describedby={hint ? ids.hint : undefined}
        aria-invalid={shown}
      />
      {hint && (
        <p id={ids.hint} className="hint">
          {hint}
        </p>
      )}
      {shown && <p className="field-error">{problem}</p>}
    </>
  )
}
