import { useEffect, useId, useMemo, useState } from 'react'
import type { IpcError } from '@shared/errors'
import type { Scope } from '@shared/models'
import { ErrorMessage } from '../../components/error-message'
import { toIpcError } from '../../lib/call'
import { useStore } from '../../store'

/** Scopes that only read; everything else can change things and deserves a second thought. */
export function isReadOnly(scope: string): boolean {
  // Token API `account:read`, npm `read-only`, GitLab `read_api`, GitHub `read:org`: a read word as a whole part of the name.
  return /(^|[:_-])(read|list|get)([:_-]|$)/i.test(scope) && !/write/i.test(scope)
}

interface ScopePickerProps {
  readonly profileId: string
  readonly chosen: ReadonlySet<string>
  readonly onToggle: (scope: string) => void
  /** Shown under the list once the user tried to submit. */
  readonly problem: string | null
}

/** The profile's scopes as checkboxes, with a filter for long lists and a nudge away from write scopes. */
export function ScopePicker({ profileId, chosen, onToggle, problem }: ScopePickerProps) {
  const loadScopes = useStore((s) => s.loadScopes)
  const [scopes, setScopes] = useState<readonly Scope[] | null>(null)
  const [scopeError, setScopeError] = useState<IpcError | null>(null)
  const [scopeFilter, setScopeFilter] = useState('')
  const ids = { filter: useId(), hint: useId() }

  useEffect(() => {
    let live = true
    loadScopes(profileId).then(
      (s) => live && setScopes(s),
      (e: unknown) => live && setScopeError(toIpcError(e)),
    )
    return () => {
      live = false
    }
  }, [profileId, loadScopes])

  const shownScopes = useMemo(() => {
    const q = scopeFilter.trim().toLowerCase()
    return (scopes ?? []).filter((s) => !q || s.name.toLowerCase().includes(q) || s.description.toLowerCase().includes(q))
  }, [scopes, scopeFilter])
  const writeScopes = [...chosen].filter((s) => !isReadOnly(s))

  return (
    <fieldset className="scopes-fieldset" aria-describedby={ids.hint}>
      <legend>Scopes</legend>
      <p id={ids.hint} className="hint">
        Least privilege: choose only what this token needs. A leaked token can do everything its scopes allow — prefer read
        scopes and add write scopes only where it must change things.
      </p>
      {scopeError && <ErrorMessage error={scopeError} title="Couldn’t load the scopes." />}
      {scopes === null && !scopeError && <p className="muted">Loading scopes…</p>}
      {scopes && scopes.length > 10 && (
        <>
          <label htmlFor={ids.filter} className="sr-only">
            Filter scopes
          </label>
          <input id={ids.filter} type="search" placeholder="Filter scopes" value={scopeFilter} onChange={(e) => setScopeFilter(e.target.value)} />
        </>
      )}
      <div className="scope-options">
        {shownScopes.map((s) => (
          <label key={s.name} className="scope-option">
            <input type="checkbox" checked={chosen.has(s.name)} onChange={() => onToggle(s.name)} />
            <span className="mono scope-name">{s.name}</span>
            <span className="scope-desc">{s.description}</span>
          </label>
        ))}
      </div>
      {problem && <p className="field-error">{problem}</p>}
      {writeScopes.length > 0 && (
        <p className="hint hint-warn">
          {writeScopes.length} write scope{writeScopes.length > 1 ? 's' : ''} selected ({writeScopes.join(', ')}). Is write
          access needed?
        </p>
      )}
    </fieldset>
  )
}
