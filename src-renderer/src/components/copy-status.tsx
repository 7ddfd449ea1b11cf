import { useEffect, useState } from 'react'
import { copyOutcomeMessage, copyStatusText } from '../lib/copy-message'
import { useStore } from '../store'
import { selectCopyHost, selectCopyStatus, type CopyPlace, type CopyStatus } from '../store/slices/clipboard'

/** The status bar lets an ended status go after this long; details and the show-once view keep it. */
const FADE_MS = 8000

/**
 * The last copy's status where it belongs (see selectCopyHost): a visible countdown that ticks
 * every second, and beside it a live region that announces only the start and the end — a screen
 * reader must not read out every second. `alwaysLive` keeps an empty live region in place so the
 * first status is announced (the status bar, which exists before any copy).
 */
export function CopyStatusLine({ host, className, alwaysLive = false }: { readonly host: CopyPlace; readonly className?: string; readonly alwaysLive?: boolean }) {
  const status = useStore(selectCopyStatus)
  const here = useStore((s) => selectCopyHost(s) === host)
  const shown = here ? status : null
  const tick = useTick(shown?.outcome === 'pending' && shown.clearsAt !== null)
  useFade(host === 'status-bar' ? shown : null)
  if (!shown) return alwaysLive ? <p className="sr-only" role="status" /> : null
  return (
    <>
      <p className="sr-only" role="status">
        {announcement(shown)}
      </p>
      <p className={shown.outcome === 'failed' ? `${className ?? ''} copy-failed` : className} aria-hidden="true">
        {copyStatusText(shown, Math.max(tick, shown.copiedAt))}
      </p>
    </>
  )
}

/** What the live region says: the start (with the full time) until core tells the end. */
function announcement(status: CopyStatus): string {
  return copyOutcomeMessage(status.outcome) ?? copyStatusText(status, status.copiedAt)
}

/** The clock, ticking while `running` (a few times a second, so the shown second is never late by much). */
function useTick(running: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!running) return
    const handle = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(handle)
  }, [running])
  return now
}

/** An ended status leaves the status bar after a while. */
function useFade(status: CopyStatus | null): void {
  const dismiss = useStore((s) => s.dismissCopyStatus)
  // Ended, or never cleared (nothing more will happen to it).
  const ended = status !== null && (status.outcome !== 'pending' || status.clearsAt === null)
  const copyId = status?.copyId
  useEffect(() => {
    if (!ended || copyId === undefined) return
    const handle = setTimeout(() => dismiss(copyId), FADE_MS)
    return () => clearTimeout(handle)
  }, [ended, copyId, dismiss])
}
