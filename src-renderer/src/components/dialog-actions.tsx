import type { IpcError } from '@shared/errors'
import { ConfirmName, type useNameConfirmation } from './confirm-name'
import { ErrorMessage } from './error-message'

/** What a dialog's submit says: its label, its label while busy ("Creating…"), and what did not happen when it fails. */
export interface SubmitWords {
  readonly submit: string
  readonly busy: string
  /** Said before core's message ("The token was not created."). */
  readonly failed: string
}

interface DialogActionsProps {
  /** The dialog's useAction(): its failure is shown above the buttons, and busy disables the submit. */
  readonly action: { readonly busy: boolean; readonly error: IpcError | null }
  readonly words: SubmitWords
  readonly onCancel: () => void
  /** A prod token's destructive action: the name is typed here, and the submit waits for it. */
  readonly confirmation?: ReturnType<typeof useNameConfirmation>
  /** A destructive action: a red submit, and Cancel is where focus starts. */
  readonly danger?: boolean
}

/** The end of a dialog's form: the prod name confirmation, the last failure, then Cancel and the submit with its busy label. */
export function DialogActions({ action, words, onCancel, confirmation, danger }: DialogActionsProps) {
  return (
    <>
      {confirmation?.required && <ConfirmName name={confirmation.name} value={confirmation.typed} onChange={confirmation.setTyped} />}
      {action.error && <ErrorMessage error={action.error} title={words.failed} />}
      <div className="form-actions">
        <button type="button" onClick={onCancel} data-autofocus={danger ? true : undefined}>
          Cancel
        </button>
        <button type="submit" className={danger ? 'danger' : 'primary'} disabled={action.busy || confirmation?.confirmed === false}>
          {action.busy ? words.busy : words.submit}
        </button>
      </div>
    </>
  )
}
