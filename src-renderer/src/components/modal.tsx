import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react'
import { restoreFocus } from '../lib/focus'
import { releaseKeystrokes, typeInto } from '../lib/type-ahead'

interface ModalProps {
  readonly title: string
  /** Called on Escape and on the close button; the owner decides whether to actually close. */
  readonly onCancel: () => void
  readonly children: ReactNode
  readonly wide?: boolean
  /** A danger dialog gets a red top edge, like the prod accent. */
  readonly tone?: 'danger'
}

/**
 * A modal on the native <dialog> element: showModal() gives focus trapping, inertness of the
 * page and the dialog role for free, and needs no injected <style> (the CSP forbids those).
 */
export function Modal({ title, onCancel, children, wide, tone }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const cancelRef = useRef(onCancel)
  useEffect(() => {
    cancelRef.current = onCancel
  })
  // A layout effect: the dialog is open and focused in the same commit that mounts it, so no
  // keystroke can fall between mounting and focusing.
  useLayoutEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    // What opened the dialog gets focus back when it closes (see restoreFocus).
    const focused = document.activeElement
    const opener = focused instanceof HTMLElement && focused !== document.body ? focused : null
    if (!dialog.open) dialog.showModal()
    // showModal focuses the first focusable element (the Close button); React's autoFocus ran
    // before that and lost. Dialogs mark their starting field with data-autofocus instead.
    const start = dialog.querySelector<HTMLElement>('[data-autofocus]')
    start?.focus()
    // Whatever was typed while this dialog's code loaded belongs in its starting field.
    const typed = releaseKeystrokes()
    if (start) typeInto(start, typed)
    // Escape fires `cancel`; keep the dialog open and let the owner decide (e.g. confirm first).
    const onCancelEvent = (e: Event) => {
      e.preventDefault()
      cancelRef.current()
    }
    dialog.addEventListener('cancel', onCancelEvent)
    return () => {
      dialog.removeEventListener('cancel', onCancelEvent)
      if (dialog.open) dialog.close()
      restoreFocus(opener)
    }
  }, [])
  return (
    <dialog ref={ref} className={`modal${wide ? ' modal-wide' : ''}${tone === 'danger' ? ' modal-danger' : ''}`} aria-labelledby={titleId}>
      <header className="modal-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => cancelRef.current()}>
          ×
        </button>
      </header>
      <div className="modal-body">{children}</div>
    </dialog>
  )
}
