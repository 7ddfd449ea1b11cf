import type { IpcResponse } from '@shared/ipc-contract'

export type TestResult = IpcResponse<'profiles:test'>

/** The "Test connection" button and what the API said: organization, key name, warnings. */
export function ConnectionTest({ result, testing, disabled, onTest }: {
  readonly result: TestResult | null
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
            ✓ Connected to {result.organization.name} ({result.organization.environment}
            {result.organization.status !== 'active' ? `, ${result.organization.status}` : ''}) as “{result.keyName}”.
          </span>
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
