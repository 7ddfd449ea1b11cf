import { SecretField } from '../../components/secret-field'

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
  return (
    <SecretField
      label={editing ? 'New credential (optional)' : `Credential (${credentialLabel})`}
      value={value}
      onChange={onChange}
      problem={problem}
      showProblem={showProblem}
      checkOnBlur
      hint={
        <>
          {editing ? 'Leave empty to keep the credential in your keychain. ' : ''}Pasted once and stored in your keychain — never in
          Keyward’s settings file.
        </>
      }
    />
  )
}
