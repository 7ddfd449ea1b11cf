import { useEffect } from 'react'
import { selectToast, useToastStore } from '../stores/toast/store'

/** The polite status line at the bottom; fades after a few seconds. */
export function ToastRegion() {
  const toast = useToastStore(selectToast)
  const dismiss = useToastStore((s) => s.dismiss)
  useEffect(() => {
    if (!toast) return
    const t = setTimeout(() => dismiss(toast.id), 6000)
    return () => clearTimeout(t)
  }, [toast, dismiss])
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast && <div className={`toast toast-${toast.tone}`}>{toast.text}</div>}
    </div>
  )
}
