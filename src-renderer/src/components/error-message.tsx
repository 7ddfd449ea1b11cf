import type { IpcError } from '../../../src-main/shared/errors'

/** What to do next for each error code, added to core's message (which says what happened). */
const NEXT_STEP: Partial<Record<IpcError['code'], string>> = {
  INVALID_API_KEY: 'Edit the profile and paste a valid credential.',
  KEYCHAIN_UNAVAILABLE: 'Unlock your keychain (or start your desktop keyring), then try again.',
  RATE_LIMITED: 'Wait a moment and try again.',
  NETWORK: 'Check your connection and the profile’s base URL.',
  TIMEOUT: 'The API took too long. Try again in a moment.',
}

/** An error in words a user can act on: core's message, the missing scope, a next step. */
export function ErrorMessage({ error, title }: { readonly error: IpcError; readonly title?: string }) {
  const next = NEXT_STEP[error.code]
  return (
    <div role="alert" className="error-box">
      {title && <strong>{title} </strong>}
      <span>{error.message}</span>
      {error.code === 'INSUFFICIENT_SCOPE' && error.requiredScope && !error.message.includes(error.requiredScope) && (
        <span> Missing scope: <code>{error.requiredScope}</code>.</span>
      )}
      {error.retryAfterSeconds !== undefined && <span> Retry in {error.retryAfterSeconds} s.</span>}
      {next && !error.message.includes(next) && <span className="error-next"> {next}</span>}
      {error.details && error.details.length > 0 && (
        <ul>
          {error.details.map((d) => (
            <li key={`${d.field}:${d.message}`}>
              {d.field ? <code>{d.field}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
