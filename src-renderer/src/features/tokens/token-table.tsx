import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react'
import type { TokenView } from '@shared/models'
import { useStore } from '../../store'
import { selectNow } from '../../store/slices/app'
import { selectSort, type SortKey } from '../../store/slices/tokens'
import { expiryClass, StatusChips, StoredMark, TimeCell } from './token-cells'

const ROW_HEIGHT = 34

const COLUMNS: readonly { readonly key: SortKey; readonly label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'scopes', label: 'Scopes' },
  { key: 'createdAt', label: 'Created' },
  { key: 'lastUsed', label: 'Last used' },
  { key: 'expiresAt', label: 'Expires' },
  { key: 'status', label: 'Status' },
]

interface TokenTableProps {
  readonly tokens: readonly TokenView[]
  readonly selectedId: string | null
  readonly onOpen: (tokenId: string) => void
  readonly onClose: () => void
  /** Ctrl/Cmd+C on a row: copy that token's stored secret. */
  readonly onCopy: (tokenId: string) => void
  /** Why the profile's provider never tells when a token was last used (null: it does). */
  readonly lastUsedUnknown?: string | null
}

/**
 * The token list as an accessible table, virtualized: only the rows in view (plus a few) exist
 * in the DOM, so 10,000 tokens cost the same per frame as 30.
 */
export function TokenTable({ tokens, selectedId, onOpen, onClose, onCopy, lastUsedUnknown = null }: TokenTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const now = useStore(selectNow)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is designed to be called every render
  const virtualizer = useVirtualizer({
    count: tokens.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows beyond the window are rebuilt on every keystroke like the visible ones: a couple above
    // and below is enough for keyboard moves (scrolling renders synchronously anyway).
    overscan: 2,
  })
  const focusIndex = useRef<number | null>(null)

  const selectedIndex = selectedId ? tokens.findIndex((t) => t.id === selectedId) : -1
  // The roving tab stop: the selected row, else the first, so Tab enters the list once.
  const tabIndexRow = selectedIndex >= 0 ? selectedIndex : 0

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])

  const focusRow = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(tokens.length - 1, index))
      focusIndex.current = i
      virtualizer.scrollToIndex(i, { align: 'auto' })
      // The row may only exist after the virtualizer re-renders; try now and on the next frame.
      const tryFocus = () => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${i}"]`)?.focus()
      tryFocus()
      requestAnimationFrame(tryFocus)
    },
    [tokens.length, virtualizer],
  )

  // Stable across renders so memoized rows skip re-rendering on every keystroke in the search box.
  const keyHandler = useRef<(e: KeyboardEvent<HTMLDivElement>, index: number, id: string) => void>(() => {})
  const onKeyDown = useCallback((e: KeyboardEvent<HTMLDivElement>, index: number, id: string) => keyHandler.current(e, index, id), [])
  const handleKey = (e: KeyboardEvent<HTMLDivElement>, index: number, id: string) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        focusRow(index + 1)
        break
      case 'ArrowUp':
        e.preventDefault()
        focusRow(index - 1)
        break
      case 'Home':
        e.preventDefault()
        focusRow(0)
        break
      case 'End':
        e.preventDefault()
        focusRow(tokens.length - 1)
        break
      case 'PageDown':
        e.preventDefault()
        focusRow(index + 15)
        break
      case 'PageUp':
        e.preventDefault()
        focusRow(index - 15)
        break
      case 'Enter':
      case ' ':
        e.preventDefault()
        onOpen(id)
        break
      case 'c':
      case 'C':
        if ((e.ctrlKey || e.metaKey) && !e.altKey) {
          e.preventDefault()
          onCopy(id)
        }
        break
      case 'Escape':
        if (selectedId) {
          e.preventDefault()
          onClose()
        }
        break
    }
  }

  // A layout effect, not a passive one: a passive effect on every render would make each keystroke
  // schedule a task just to update this ref.
  useLayoutEffect(() => {
    keyHandler.current = handleKey
  })

  const items = virtualizer.getVirtualItems()
  return (
    <div className="token-table" role="table" aria-label="Tokens" aria-rowcount={tokens.length + 1}>
      <TokenTableHeader />
      <div ref={scrollRef} className="token-scroll">
        <div role="rowgroup" className="token-tbody" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const t = tokens[item.index]
            if (!t) return null
            return (
              // Keyed by slot, not token id: when a keystroke changes which tokens match, React
              // updates the ~40 row elements in place instead of destroying and rebuilding them.
              <TokenRow
                key={item.index}
                token={t}
                index={item.index}
                top={item.start}
                now={now}
                selected={t.id === selectedId}
                tabbable={item.index === tabIndexRow}
                onOpen={onOpen}
                onKeyDown={onKeyDown}
                lastUsedUnknown={lastUsedUnknown}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}

/** The column headers; each sorts by its column (again: the other way). */
function TokenTableHeader() {
  const sort = useStore(selectSort)
  const sortBy = useStore((s) => s.sortBy)
  return (
    <div role="rowgroup" className="token-thead">
      <div role="row" aria-rowindex={1} className="token-row token-header-row">
        {COLUMNS.map((c) => {
          const active = sort.key === c.key
          return (
            <div key={c.key} role="columnheader" className={`cell cell-${c.key}`} aria-sort={active ? sort.direction : 'none'}>
              <button type="button" className="sort-button" onClick={() => sortBy(c.key)}>
                {c.label}
                <span className="sort-arrow" aria-hidden="true">
                  {active ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                </span>
              </button>
            </div>
          )
        })}
      </div>
    </div>
  )
}

interface TokenRowProps {
  readonly token: TokenView
  readonly index: number
  readonly top: number
  readonly now: number
  readonly selected: boolean
  readonly tabbable: boolean
  readonly onOpen: (id: string) => void
  readonly onKeyDown: (e: KeyboardEvent<HTMLDivElement>, index: number, id: string) => void
  readonly lastUsedUnknown: string | null
}

/**
 * The full scope list on hover, only where the cell cuts it: a title written into every row would be
 * one more DOM write per row on every keystroke, and a screen reader reads the whole text anyway.
 * Written on pointer moves, so that it follows the token a cell under the pointer now shows.
 */
function titleIfCut(e: PointerEvent<HTMLDivElement>) {
  const el = e.currentTarget
  const text = el.textContent ?? ''
  const title = el.scrollWidth > el.clientWidth ? text : ''
  if (el.title !== title) el.title = title
}

/** One row; memoized so scrolling and typing re-render only rows whose props changed. */
const TokenRow = memo(function TokenRow({ token: t, index, top, now, selected, tabbable, onOpen, onKeyDown, lastUsedUnknown }: TokenRowProps) {
  // The same object while the row stays in its place, so React does not compare styles when the
  // row shows another token (every keystroke in the search box).
  const style = useMemo(() => ({ transform: `translateY(${top}px)` }), [top])
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-current={selected ? 'true' : undefined}
      data-index={index}
      data-token-id={t.id}
      tabIndex={tabbable ? 0 : -1}
      className={`token-row${selected ? ' selected' : ''}${t.status !== 'active' ? ' inactive' : ''}`}
      style={style}
      onClick={() => onOpen(t.id)}
      onKeyDown={(e) => onKeyDown(e, index, t.id)}
    >
      {t.health.stored ? (
        <div role="cell" className="cell cell-name stored">
          <span className="token-name">{t.name}</span>
          <StoredMark />
        </div>
      ) : (
        // Most tokens' secrets are not stored: their name is the cell's own text, one box less per
        // row to lay out on every keystroke in the search box.
        <div role="cell" className="cell cell-name">
          {t.name}
        </div>
      )}
      <div role="cell" className="cell cell-scopes" onPointerMove={titleIfCut}>
        {t.scopes.join(', ')}
      </div>
      <TimeCell className="cell cell-createdAt" iso={t.createdAt} now={now} empty="—" />
      {t.lastUsed || !lastUsedUnknown ? (
        <TimeCell className="cell cell-lastUsed" iso={t.lastUsed} now={now} empty="Never" />
      ) : (
        <div role="cell" className="cell cell-lastUsed muted" title={lastUsedUnknown}>
          Not reported
        </div>
      )}
      <TimeCell className={`cell cell-expiresAt ${expiryClass(t)}`} iso={t.expiresAt} now={now} empty="No expiry" />
      <div role="cell" className="cell cell-status status-cell">
        <StatusChips token={t} />
      </div>
    </div>
  )
})
