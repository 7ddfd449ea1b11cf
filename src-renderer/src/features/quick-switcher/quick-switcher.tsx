import { useEffect, useId, type KeyboardEvent } from 'react'
import type { QuickResult } from '@shared/models'
import { EnvBadge } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { focusTokenRow } from '../../lib/focus'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { selectQuick } from '../../store/slices/quick-switcher'

/** Ctrl/Cmd+K: find any token across profiles; Enter copies it, Alt+Enter opens it. */
export function QuickSwitcher() {
  const { query, results, active, error: searchError } = useStore(selectQuick)
  const quickSearch = useStore((s) => s.quickSearch)
  const quickStart = useStore((s) => s.quickStart)
  const quickMove = useStore((s) => s.quickMove)
  const quickRun = useStore((s) => s.quickRun)
  const quickOpen = useStore((s) => s.quickOpen)
  const quickReset = useStore((s) => s.quickReset)
  const closeDialog = useStore((s) => s.closeDialog)
  const action = useAction()
  const listId = useId()

  useEffect(() => {
    void quickStart()
    return quickReset
  }, [quickStart, quickReset])

  const activeResult = results[active]
  // Opening a token lands focus on its row, not on the page body.
  const open = (r: QuickResult) => {
    quickOpen(r)
    focusTokenRow(r.tokenId)
  }
  const run = (r: QuickResult) => {
    if (!r.stored || r.status !== 'active') open(r)
    else void action.run(() => quickRun(r))
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      quickMove(1)
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      quickMove(-1)
    } else if (e.key === 'Enter' && activeResult) {
      e.preventDefault()
      if (e.altKey) open(activeResult)
      else run(activeResult)
    }
  }

  return (
    <Modal title="Find a token" onCancel={closeDialog}>
      <div className="quick">
        <input
          type="text"
          role="combobox"
          aria-label="Search all tokens"
          aria-expanded={results.length > 0}
          aria-controls={listId}
          aria-activedescendant={activeResult ? `${listId}-${active}` : undefined}
          aria-autocomplete="list"
          data-autofocus
          value={query}
          placeholder="Token or profile name…"
          onChange={(e) => void quickSearch(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <ul id={listId} role="listbox" aria-label="Matching tokens" className="quick-results">
          {results.map((r, i) => (
            <QuickOption key={`${r.profileId}/${r.tokenId}`} id={`${listId}-${i}`} result={r} index={i} active={i === active} onRun={() => run(r)} />
          ))}
        </ul>
        {results.length === 0 && <p className="muted quick-empty">{query ? 'No token matches.' : 'No tokens loaded yet.'}</p>}
        {searchError && <ErrorMessage error={searchError} />}
        {action.error && <ErrorMessage error={action.error} />}
        <p className="quick-help muted">
          <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> copy · <kbd>Alt</kbd>+<kbd>Enter</kbd> open · <kbd>Esc</kbd> close
        </p>
      </div>
    </Modal>
  )
}

interface QuickOptionProps {
  readonly id: string
  readonly result: QuickResult
  readonly index: number
  readonly active: boolean
  readonly onRun: () => void
}

/** One result: the token, its profile, and what Enter does with it. */
function QuickOption({ id, result: r, index, active, onRun }: QuickOptionProps) {
  const quickSetActive = useStore((s) => s.quickSetActive)
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      className={`quick-result${active ? ' active' : ''}${r.status !== 'active' ? ' inactive' : ''}`}
      onMouseMove={() => quickSetActive(index)}
      onClick={onRun}
    >
      <span className="quick-name">{r.name}</span>
      <span className="mono muted">…{r.hint}</span>
      <span className="quick-profile">
        {r.profileName} <EnvBadge environment={r.environment} />
      </span>
      <span className="quick-action muted">{r.stored && r.status === 'active' ? 'Copy' : r.status !== 'active' ? r.status : 'Open'}</span>
    </li>
  )
}
