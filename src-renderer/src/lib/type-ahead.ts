/**
 * Keystrokes typed while a dialog's code is still loading. The first Ctrl/Cmd+K loads the quick
 * switcher's chunk; what the user types meanwhile would go nowhere (or into the field behind).
 * The dialog host holds keystrokes from the moment it has to wait, and the dialog's first field
 * takes them when it mounts (Modal), so the text lands where the user meant it.
 */
let held: string | null = null

function onKeyDown(e: KeyboardEvent): void {
  if (held === null || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return
  if (e.key.length === 1) held += e.key
  else if (e.key === 'Backspace') held = held.slice(0, -1)
  else return
  // Captured before anything else sees it: the key must not also reach the page behind the dialog.
  e.preventDefault()
  e.stopImmediatePropagation()
}

/** Starts holding printable keys (and Backspace) until `releaseKeystrokes`. */
export function holdKeystrokes(): void {
  if (held !== null) return
  held = ''
  window.addEventListener('keydown', onKeyDown, true)
}

/** Stops holding and returns what was typed meanwhile ('' when nothing was held). */
export function releaseKeystrokes(): string {
  const text = held ?? ''
  held = null
  window.removeEventListener('keydown', onKeyDown, true)
  return text
}

/** Types held text into a field as if the user had: React's onChange sees an ordinary input event. */
export function typeInto(field: HTMLElement, text: string): void {
  if (!text || !(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) || field.readOnly || field.disabled) return
  // React tracks the value it last rendered; the prototype's setter bypasses that tracker so the
  // input event below counts as a change.
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, field.value + text)
  field.dispatchEvent(new Event('input', { bubbles: true }))
}
