import { useEffect } from 'react'
import { useStore } from '../store'
import { selectToast } from '../store/slices/toast'
import { CopyStatusLine } from './copy-status'

/** The status bar at the bottom: the last copy's countdown, and a polite message that fades after a few seconds. */
export function ToastRegion() {
  const toast = useStore(selectToast)
  const dismiss = useStore((s) => s.dismissToast)
  useEffect(() => {
    if (!toast) return
    const t = setTimeout(() => dismiss(toast.id), 6000)
    return () => clearTimeout(t)
  }, [toast, dismiss])
  return (
    <div className="toast-region">
      <CopyStatusLine host="status-bar" className="toast" alwaysLive />
      <div role="status" aria-live="polite">
        {toast && <div className={`toast toast-${toast.tone}`}>{toast.text}</div>}
      </div>
    </div>
  )
}
