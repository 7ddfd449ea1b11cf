import { useCallback, useLayoutEffect, useState, type RefObject } from 'react'
import { flushSync } from 'react-dom'

export interface FixedRow {
  readonly index: number
  /** Offset from the top of the list, in px. */
  readonly start: number
}

export interface FixedRows {
  /** The rows in the scroll element's view, plus `overscan` on each side. */
  readonly items: readonly FixedRow[]
  readonly totalSize: number
  /** Scrolls the least needed to bring a row fully into view (nothing when it is). */
  scrollToIndex(index: number): void
}

/**
 * Windowing for rows of one fixed height: which rows are in view is arithmetic on the scroll offset,
 * so a change of the row count (every search keystroke) costs nothing. (@tanstack/react-virtual, used
 * before, rebuilds a measurement per row whenever the count changes: O(n) per keystroke, ~2 ms at
 * 100,000 rows, for sizes that are all the same here.)
 */
export function useFixedRows(scrollRef: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan: number): FixedRows {
  const [view, setView] = useState({ top: 0, height: 0 })

  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const read = () => setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }))
    read()
    // Synchronously, as the rows must be there in the frame that shows the new scroll position.
    const onScroll = () => flushSync(read)
    el.addEventListener('scroll', onScroll, { passive: true })
    const observer = new ResizeObserver(read)
    observer.observe(el)
    return () => {
      el.removeEventListener('scroll', onScroll)
      observer.disconnect()
    }
  }, [scrollRef])

  const totalSize = count * rowHeight
  // A list that just got shorter is drawn from where the browser will clamp the offset to.
  const top = Math.max(0, Math.min(view.top, totalSize - view.height))
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan)
  const end = Math.min(count, Math.ceil((top + view.height) / rowHeight) + overscan)
  const items: FixedRow[] = []
  for (let index = first; index < end; index++) items.push({ index, start: index * rowHeight })

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current
      if (!el) return
      const rowTop = index * rowHeight
      // The exact height: clientHeight is rounded, and a row cut by a fraction of a pixel is cut.
      const height = el.getBoundingClientRect().height
      if (rowTop < el.scrollTop) el.scrollTop = rowTop
      else if (rowTop + rowHeight > el.scrollTop + height) el.scrollTop = Math.ceil(rowTop + rowHeight - height)
    },
    [scrollRef, rowHeight],
  )
  return { items, totalSize, scrollToIndex }
}
