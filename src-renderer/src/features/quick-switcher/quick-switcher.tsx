import { useEffect, useId, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { IpcError } from '@shared/errors'
import type { QuickResult } from '@shared/models'
import { EnvBadge } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { copiedMessage } from '../../lib/copy-message'
import { toIpcError } from '../../lib/keyward'
import { useAppStore } from '../../stores/app/store'
import { useProfilesStore } from '../../stores/profiles/store'
import { useQuickStore } from '../../stores/quick/store'
import { useToastStore } from '../../stores/toast/store'
import { useTokensStore } from '../../stores/tokens/store'

/** Ctrl/Cmd+K: find any token across profiles; Enter copies it, Alt+Enter opens it. */
export function QuickSwitcher() {
  const { query, results, active, error: searchError, search, move, setActive, reset } = useQuickStore(
    useShallow((s) => ({
      query: s.query,
      results: s.results,
      active: s.active,
      error: s.error,
      search: s.search,
      move: s.move,
      setActive: s.setActive,
      reset: s.reset,
    })),
  )
  const closeDialog = useAppStore((s) => s.closeDialog)
  const setView = useAppStore((s) => s.setView)
  const selectProfile = useProfilesStore((s) => s.select)
  const { copy, selectToken, setQuery, setFilter } = useTokensStore(
    useShallow((s) => ({ copy: s.copy, selectToken: s.select, setQuery: s.setQuery, setFilter: s.setFilter })),
  )
  const showToast = useToastStore((s) => s.show)
  const [error, setError] = useState<IpcError | null>(null)
  const listId = useId()

  useEffect(() => {
    void search('')
    return reset
  }, [search, reset])

  const close = () => closeDialog()
  const open = (r: QuickResult) => {
    selectProfile(r.profileId)
    setQuery('')
    setFilter('all')
    selectToken(r.tokenId)
    setView('tokens')
    close()
  }
  const run = async (r: QuickResult) => {
    if (!r.stored || r.status !== 'active') {
      open(r)
      return
    }
    setError(null)
    try {
      const { clearsAt } = await copy(r.profileId, r.tokenId)
      showToast(copiedMessage(clearsAt, `Copied “${r.name}”`))
      close()
    } catch (e) {
      setError(toIpcError(e))
    }
  }

  const activeResult = results[active]
  return (
    <Modal title="Find a token" onCancel={close}>
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
          onChange={(e) => void search(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault()
              move(1)
            } else if (e.key === 'ArrowUp') {
              e.preventDefault()
              move(-1)
            } else if (e.key === 'Enter' && activeResult) {
              e.preventDefault()
              if (e.altKey) open(activeResult)
              else void run(activeResult)
            }
          }}
        />
        <ul id={listId} role="listbox" aria-label="Matching tokens" className="quick-results">
          {results.map((r, i) => (
            <li
              key={`${r.profileId}/${r.tokenId}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`quick-result${i === active ? ' active' : ''}${r.status !== 'active' ? ' inactive' : ''}`}
              onMouseMove={() => setActive(i)}
              onClick={() => void run(r)}
            >
              <span className="quick-name">{r.name}</span>
              <span className="mono muted">…{r.hint}</span>
              <span className="quick-profile">
                {r.profileName} <EnvBadge environment={r.environment} />
              </span>
              <span className="quick-action muted">{r.stored && r.status === 'active' ? 'Copy' : r.status !== 'active' ? r.status : 'Open'}</span>
            </li>
          ))}
        </ul>
        {results.length === 0 && <p className="muted quick-empty">{query ? 'No token matches.' : 'No tokens loaded yet.'}</p>}
        {searchError && <ErrorMessage error={searchError} />}
        {error && <ErrorMessage error={error} />}
        <p className="quick-help muted">
          <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> copy · <kbd>Alt</kbd>+<kbd>Enter</kbd> open · <kbd>Esc</kbd> close
        </p>
      </div>
    </Modal>
  )
}
