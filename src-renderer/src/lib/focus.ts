/**
 * Where keyboard focus goes when something closes. A closed dialog or panel must never leave focus
 * on the page body: a keyboard user would have to Tab from the top again.
 */

/** The token table's row for a token, if it is rendered (the table is virtualized). */
function tokenRow(tokenId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.token-tbody [role="row"][data-token-id="${CSS.escape(tokenId)}"]`)
}

/** The list's tab stop: the selected row, else the first. */
function listTabStop(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.token-tbody [role="row"][tabindex="0"]')
}

/**
 * Focuses the token's row (the row acted on), else the list's tab stop. It waits for the row a few
 * frames: opening a token of another profile renders its list first.
 */
export function focusTokenRow(tokenId: string | null, frames = 30): void {
  requestAnimationFrame(() => {
    const row = tokenId ? tokenRow(tokenId) : null
    if (row) row.focus()
    else if (frames > 0 && tokenId) focusTokenRow(tokenId, frames - 1)
    else listTabStop()?.focus()
  })
}

/** Moves focus from the search box into the list. */
export function focusList(): boolean {
  const row = listTabStop()
  row?.focus()
  return row !== null
}

/**
 * After a dialog closed: back to what opened it when that is still there and usable, else to the
 * row it acted on (the selected one), else the list. Not when another dialog took over (create →
 * show-once) or focus already went somewhere on purpose.
 */
export function restoreFocus(opener: HTMLElement | null): void {
  requestAnimationFrame(() => {
    if (document.querySelector('dialog[open]')) return
    const active = document.activeElement
    if (active && active !== document.body && active.isConnected) return
    if (opener && opener.isConnected && !opener.matches(':disabled') && opener.getClientRects().length > 0) opener.focus()
    else listTabStop()?.focus()
  })
}

/**
 * After a save that found wrong fields: the first of them, so the user lands on its message. Two
 * frames later, after a closing dialog has given focus back to its opener.
 */
export function focusFirstInvalidSetting(): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => document.querySelector<HTMLElement>('.settings-form [aria-invalid="true"]')?.focus()),
  )
}
