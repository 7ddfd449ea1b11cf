import { useId, type FormEvent } from 'react'
import type { Settings } from '@shared/models'
import { settingsSchema } from '@shared/schemas'
import { ErrorMessage } from '../../components/error-message'
import { focusFirstInvalidSetting } from '../../lib/focus'
import { type Draft, type TextField, validate } from '../../lib/settings-draft'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { SandboxSection } from './sandbox-section'

/** The clipboard delay's bounds, as the schema has them. */
const CLIPBOARD_SECONDS = settingsSchema.shape.clipboardClearSeconds.unwrap()

/** The editable settings (the store keeps the draft, so leaving the page can ask first); problems beside their fields. */
export function SettingsForm({ settings, draft }: { readonly settings: Settings; readonly draft: Draft }) {
  const editSettings = useStore((s) => s.editSettings)
  const saveSettingsDraft = useStore((s) => s.saveSettingsDraft)
  const shown = useStore((s) => s.settingsProblemsShown)
  const refused = useStore((s) => s.settingsRefused)
  const saved = useStore((s) => s.settingsSaved)
  const action = useAction()
  const id = useId()
  const problems = shown ? { ...refused, ...validate(draft).problems } : {}
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => editSettings({ [key]: value })

  const submit = (e: FormEvent) => {
    e.preventDefault()
    void action.run(async () => {
      if (!(await saveSettingsDraft())) focusFirstInvalidSetting()
    })
  }

  const field = (key: TextField, label: string, suffix: string, hint?: string) => {
    const problem = problems[key]
    // The field is described by its hint and, when wrong, by its own message right below it.
    const describedBy = [hint ? `${id}-${key}-hint` : null, problem ? `${id}-${key}-error` : null].filter(Boolean).join(' ')
    return (
      <div className="setting-row">
        <label htmlFor={`${id}-${key}`}>{label}</label>
        <div className="setting-control">
          <input
            id={`${id}-${key}`}
            disabled={key === 'clipboardSeconds' && draft.clipboardNever}
            className="num-input"
            inputMode="numeric"
            value={draft[key]}
            onChange={(e) => set(key, e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={describedBy || undefined}
          />
          <span className="muted">{suffix}</span>
        </div>
        {hint && (
          <p id={`${id}-${key}-hint`} className="hint setting-hint">
            {hint}
          </p>
        )}
        {problem && (
          <p id={`${id}-${key}-error`} className="field-error setting-hint">
            {problem}
          </p>
        )}
      </div>
    )
  }
  const toggle = (key: 'expiry' | 'rotation' | 'stale' | 'closeToTray' | 'launchAtLogin', label: string, hint?: string) => (
    <div className="setting-row">
      <label className="check-line">
        <input type="checkbox" checked={draft[key]} onChange={(e) => set(key, e.target.checked)} />
        {label}
      </label>
      {hint && <p className="hint setting-hint">{hint}</p>}
    </div>
  )

  return (
    <div className="settings-scroll">
      <form className="settings-form" onSubmit={submit} noValidate>
        <section aria-labelledby={`${id}-rem`}>
          <h2 id={`${id}-rem`}>Reminders</h2>
          {field('leadTimes', 'Remind before expiry', 'days before', 'Comma-separated, up to five. The default, 7, 1, reminds a week and a day ahead.')}
          {field('rotationAgeDays', 'Rotation age', 'days', 'Tokens older than this are due for rotation.')}
          {field('staleDays', 'Stale after', 'days unused')}
          {field('neverUsedGraceDays', 'Never used counts as stale after', 'days')}
          <fieldset className="setting-row">
            <legend>Notifications</legend>
            {toggle('expiry', 'Notify about expiring tokens')}
            {toggle('rotation', 'Notify when rotation is due')}
            {toggle('stale', 'Notify about stale tokens')}
          </fieldset>
        </section>
        <section aria-labelledby={`${id}-clip`}>
          <h2 id={`${id}-clip`}>Clipboard</h2>
          {field('clipboardSeconds', 'Clear copied secrets after', `seconds (${CLIPBOARD_SECONDS.minValue ?? ''}–${CLIPBOARD_SECONDS.maxValue ?? ''})`)}
          <div className="setting-row">
            <label className="check-line col2">
              <input type="checkbox" checked={draft.clipboardNever} onChange={(e) => set('clipboardNever', e.target.checked)} />
              Never clear the clipboard
            </label>
            {draft.clipboardNever && <p className="hint hint-warn setting-hint">Copied secrets stay in the clipboard until something else replaces them.</p>}
          </div>
        </section>
        <section aria-labelledby={`${id}-win`}>
          <h2 id={`${id}-win`}>Window</h2>
          {toggle('closeToTray', 'Keep running in the tray when the window is closed', 'So reminders still arrive.')}
          {toggle('launchAtLogin', 'Launch at login')}
        </section>
        {problems.form && <p className="field-error" role="alert">{problems.form}</p>}
        {action.error && <ErrorMessage error={action.error} title="Settings were not saved." />}
        <div className="form-actions settings-actions">
          {saved && (
            <span className="ok-text" role="status">
              Settings saved
            </span>
          )}
          <button type="submit" className="primary" disabled={action.busy}>
            {action.busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
      <SandboxSection enabled={settings.sandboxEnabled} />
    </div>
  )
}
