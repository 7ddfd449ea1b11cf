import type { IpcResponse } from '@shared/ipc-contract'

export type TestResult = IpcResponse<'profiles:test'>

/** "Test connection" and what the provider said: whose credential it is, which token, and warnings. */
export function ConnectionTest({ result, providerLabel, testing, disabled, onTest }: {
  readonly result: TestResult | null
  readonly providerLabel: string
  readonly testing: boolean
  readonly disabled: boolean
  readonly onTest: () => void
}) {
  return (
    <div className="test-row">
      <button type="button" onClick={onTest} disabled={disabled}>
        {testing ? 'Testing…' : 'Test connection'}
      </button>
      {result && (
        <div className="test-result" role="status">
          <span className="ok-text">
            ✓ Connected to {result.account.name} ({[providerLabel, result.account.environment, result.account.status !== 'active' ? result.account.status : null].filter(Boolean).join(', ')})
            {result.token ? '' : result.keyName ? ` as “${result.keyName}”` : ''}.
          </span>
          {result.token && (
            <span>
              This credential is the token “{result.token.name}” <span className="mono">({result.token.prefix}…{result.token.hint})</span>
              {result.token.scopes.length > 0 ? `, scopes ${result.token.scopes.join(', ')}` : ''}
              {result.token.expiresAt ? `, expires ${result.token.expiresAt.slice(0, 10)}` : ''}.
            </span>
          )}
          {result.warnings.map((w) => (
            <span key={w} className="hint hint-warn">
              {w}
            </span>
          ))}
        </div>
      )}
    </div>
  )
}
