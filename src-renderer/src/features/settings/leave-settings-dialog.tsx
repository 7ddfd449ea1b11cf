import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { focusFirstInvalidSetting } from '../../lib/focus'
import { validate } from '../../lib/settings-draft'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { selectSettingsDraft } from '../../store/slices/settings'

/**
 * Leaving Settings with unsaved changes: Save, Discard, or Keep editing (also Escape and ×). A wrong
 * field keeps the question open and names what to fix; the page shows it beside the field too.
 */
export function LeaveSettingsDialog() {
  const resolve = useStore((s) => s.resolveLeaveSettings)
  const draft = useStore(selectSettingsDraft)
  const shown = useStore((s) => s.settingsProblemsShown)
  const refused = useStore((s) => s.settingsRefused)
  const action = useAction<'save' | 'discard'>()
  const problems = shown && draft ? Object.values({ ...refused, ...validate(draft).problems }) : []
  const keep = () => {
    void resolve('keep')
    // Back on the page at the field to fix, not at what opened the question.
    if (problems.length > 0) focusFirstInvalidSetting()
  }

  return (
    <Modal title="Save changes to Settings?" onCancel={keep}>
      <p>You changed settings without saving them. Leaving now would lose those changes.</p>
      {problems.length > 0 && (
        <div className="error-box" role="alert">
          <strong>Not saved — fix these first:</strong>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {action.error && <ErrorMessage error={action.error} title="Settings were not saved." />}
      <div className="form-actions">
        <button type="button" className="left" onClick={keep}>
          Keep editing
        </button>
        <button type="button" disabled={action.busy} onClick={() => void action.run(() => resolve('discard'), 'discard')}>
          Discard
        </button>
        <button type="button" className="primary" data-autofocus disabled={action.busy} onClick={() => void action.run(() => resolve('save'), 'save')}>
          {action.pending === 'save' ? 'Saving…' : 'Save'}
        </button>
      </div>
    </Modal>
  )
}
