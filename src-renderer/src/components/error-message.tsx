import type { IpcError } from '@shared/errors'

/** An error in words a user can act on: core's message (which says what to do), the missing scope, field details. */
export function ErrorMessage({ error, title }: { readonly error: IpcError; readonly title?: string }) {
  return (
    <div role="alert" className="error-box">
      {title && <strong>{title} </strong>}
      <span>{error.message}</span>
      {error.code === 'INSUFFICIENT_SCOPE' && error.requiredScope && !error.message.includes(error.requiredScope) && (
        <span> Missing scope: <code>{error.requiredScope}</code>.</span>
      )}
      {error.retryAfterSeconds !== undefined && <span> Retry in {error.retryAfterSeconds} s.</span>}
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
