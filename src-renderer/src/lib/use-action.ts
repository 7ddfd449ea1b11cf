import { useCallback, useEffect, useRef, useState } from 'react'
import type { IpcError } from '@shared/errors'
import { toIpcError } from './call'

/**
 * Busy and error state of a form or dialog. `run(work, what)` clears the last error, marks `what`
 * as pending until `work` settles, and keeps its failure as an IpcError to show; it resolves to
 * whether the work succeeded. One hook per form: its actions share the error line and the busy flag.
 */
export function useAction<What extends string = 'run'>() {
  const [pending, setPending] = useState<What | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  const run = useCallback(async (work: () => Promise<unknown>, what?: What): Promise<boolean> => {
    setError(null)
    setPending(what ?? ('run' as What))
    try {
      await work()
      return true
    } catch (e) {
      if (mounted.current) setError(toIpcError(e))
      return false
    } finally {
      // A successful action often closes its dialog; nothing is left to update then.
      if (mounted.current) setPending(null)
    }
  }, [])
  const clearError = useCallback(() => setError(null), [])

  return { run, pending, busy: pending !== null, error, clearError }
}
