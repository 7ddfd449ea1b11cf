import { useEffect, useRef } from 'react'
import { focusList } from '../../lib/focus'
import { useStore } from '../../store'
import type { TokenFilter } from '../../store/slices/tokens'

const FILTERS: readonly { readonly key: TokenFilter; readonly label: string }[] = [
  { key: 'all', label: 'All' },
  { key: 'active', label: 'Active' },
  { key: 'attention', label: 'Needs attention' },
  { key: 'expired', label: 'Expired' },
  { key: 'revoked', label: 'Revoked' },
]

/** A filter chip's label, for messages about what is filtered. */
export function filterLabel(filter: TokenFilter): string {
  return FILTERS.find((f) => f.key === filter)?.label ?? filter
}

/** The search box (Ctrl/Cmd+F) and the filter chips with their counts. */
export function TokenToolbar({ counts }: { readonly counts: Readonly<Record<TokenFilter, number>> }) {
  const filter = useStore((s) => s.filter)
  const setQuery = useStore((s) => s.setQuery)
  const setFilter = useStore((s) => s.setFilter)
  const searchRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    // Ctrl/Cmd+F focuses the search, like in a browser.
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault()
        searchRef.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // The box is uncontrolled, so a keystroke re-renders the results only, not this toolbar (a
  // controlled input re-renders its owner, and React re-writes its value attribute every time).
  // A query changed elsewhere (Escape, a notification, the quick switcher) is written into it here.
  useEffect(
    () =>
      useStore.subscribe((s) => {
        const box = searchRef.current
        if (box && box.value !== s.query) box.value = s.query
      }),
    [],
  )

  return (
    <div className="toolbar">
      <div className="search-slot">
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder="Search name, scope, last 4…"
          aria-label="Search tokens"
          defaultValue={useStore.getState().query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && e.currentTarget.value) {
              e.preventDefault()
              setQuery('')
            } else if (e.key === 'ArrowDown' && focusList()) {
              // From the search box straight into the results, not twelve Tabs through the filters.
              e.preventDefault()
            }
          }}
        />
      </div>
      <div className="filters" role="group" aria-label="Filter tokens">
        {FILTERS.map((f) => (
          <button
            key={f.key}
            type="button"
            className={`chip${f.key === 'attention' ? ' chip-attention' : ''}`}
            aria-pressed={filter === f.key}
            onClick={() => setFilter(f.key)}
          >
            {f.label} <span className="chip-count">{counts[f.key]}</span>
          </button>
        ))}
      </div>
    </div>
  )
}
