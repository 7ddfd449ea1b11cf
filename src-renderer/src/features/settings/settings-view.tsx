import { useEffect, useId, useState, type FormEvent } from 'react'
import type { IpcError } from '@shared/errors'
import type { Settings } from '@shared/models'
import { ErrorMessage } from '../../components/error-message'
import { toIpcError } from '../../lib/keyward'
import { selectInfo, useAppStore } from '../../stores/app/store'
import { useProfilesStore } from '../../stores/profiles/store'
import { selectSettings, useSettingsStore } from '../../stores/settings/store'
import { useTokensStore } from '../../stores/tokens/store'

interface Draft {
  leadTimes: string
  rotationAgeDays: string
  staleDays: string
  neverUsedGraceDays: string
  expiry: boolean
  rotation: boolean
  stale: boolean
  clipboardNever: boolean
  clipboardSeconds: string
  closeToTray: boolean
  launchAtLogin: boolean
}

function toDraft(s: Settings): Draft {
  return {
    leadTimes: s.reminders.leadTimesDays.join(', '),
    rotationAgeDays: String(s.reminders.rotationAgeDays),
    staleDays: String(s.reminders.staleDays),
    neverUsedGraceDays: String(s.reminders.neverUsedGraceDays),
    expiry: s.reminders.rules.expiry,
    rotation: s.reminders.rules.rotation,
    stale: s.reminders.rules.stale,
    clipboardNever: s.clipboardClearSeconds === null,
    clipboardSeconds: String(s.clipboardClearSeconds ?? 30),
    closeToTray: s.closeToTray,
    launchAtLogin: s.launchAtLogin,
  }
}

type Problems = Partial<Record<'leadTimes' | 'rotationAgeDays' | 'staleDays' | 'neverUsedGraceDays' | 'clipboardSeconds', string>>

function intIn(value: string, min: number, max: number): number | null {
  const n = Number(value.trim())
  return Number.isInteger(n) && n >= min && n <= max ? n : null
}

/** Validates the draft with the same bounds as the contract, so errors show beside their field. */
function validate(d: Draft): { problems: Problems; patch: Parameters<ReturnType<typeof useSettingsStore.getState>['save']>[0] | null } {
  const problems: Problems = {}
  const leads = d.leadTimes
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((x) => intIn(x, 1, 365))
  if (leads.length === 0 || leads.length > 5 || leads.some((x) => x === null)) {
    problems.leadTimes = 'One to five whole numbers of days between 1 and 365, e.g. 30, 7, 1.'
  }
  const rotationAgeDays = intIn(d.rotationAgeDays, 1, 3650)
  if (rotationAgeDays === null) problems.rotationAgeDays = 'Whole days between 1 and 3650.'
  const staleDays = intIn(d.staleDays, 1, 3650)
  if (staleDays === null) problems.staleDays = 'Whole days between 1 and 3650.'
  const neverUsedGraceDays = intIn(d.neverUsedGraceDays, 1, 3650)
  if (neverUsedGraceDays === null) problems.neverUsedGraceDays = 'Whole days between 1 and 3650.'
  const seconds = d.clipboardNever ? null : intIn(d.clipboardSeconds, 10, 300)
  if (!d.clipboardNever && seconds === null) problems.clipboardSeconds = 'Between 10 and 300 seconds.'
  if (Object.keys(problems).length > 0 || rotationAgeDays === null || staleDays === null || neverUsedGraceDays === null) {
    return { problems, patch: null }
  }
  const leadTimesDays = [...new Set(leads as number[])].sort((a, b) => b - a)
  return {
    problems,
    patch: {
      reminders: {
        leadTimesDays,
        rotationAgeDays,
        staleDays,
        neverUsedGraceDays,
        rules: { expiry: d.expiry, rotation: d.rotation, stale: d.stale },
      },
      clipboardClearSeconds: seconds,
      closeToTray: d.closeToTray,
      launchAtLogin: d.launchAtLogin,
    },
  }
}

/** Reminders, clipboard, window behaviour and the sandbox. */
export function SettingsView() {
  const settings = useSettingsStore(selectSettings)
  const loadError = useSettingsStore((s) => s.error)
  const load = useSettingsStore((s) => s.load)
  useEffect(() => {
    void load()
  }, [load])

  return (
    <main className="main settings-main" aria-labelledby="settings-title">
      <header className="main-header">
        <div className="title-block">
          <h1 id="settings-title">Settings</h1>
        </div>
      </header>
      {loadError && <ErrorMessage error={loadError} title="Couldn’t load settings." />}
      {settings ? <SettingsForm settings={settings} /> : !loadError && <p className="muted loading">Loading settings…</p>}
    </main>
  )
}

function SettingsForm({ settings }: { readonly settings: Settings }) {
  const save = useSettingsStore((s) => s.save)
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings))
  const [touched, setTouched] = useState(false)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<IpcError | null>(null)
  const id = useId()
  const { problems, patch } = validate(draft)
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setSaved(false)
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (!patch) return
    setSaving(true)
    setError(null)
    try {
      await save(patch)
      setSaved(true)
    } catch (err) {
      setError(toIpcError(err))
    } finally {
      setSaving(false)
    }
  }

  const field = (key: keyof Problems, label: string, suffix: string, hint?: string) => (
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
          aria-invalid={touched && !!problems[key]}
          aria-describedby={hint ? `${id}-${key}-hint` : undefined}
        />
        <span className="muted">{suffix}</span>
      </div>
      {hint && (
        <p id={`${id}-${key}-hint`} className="hint setting-hint">
          {hint}
        </p>
      )}
      {touched && problems[key] && <p className="field-error setting-hint">{problems[key]}</p>}
    </div>
  )
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
      <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
        <section aria-labelledby={`${id}-rem`}>
          <h2 id={`${id}-rem`}>Reminders</h2>
          {field('leadTimes', 'Remind before expiry', 'days before', 'Comma-separated, up to five, e.g. 30, 7, 1.')}
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
          {field('clipboardSeconds', 'Clear copied secrets after', 'seconds (10–300)')}
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
        {error && <ErrorMessage error={error} title="Settings were not saved." />}
        <div className="form-actions settings-actions">
          {saved && (
            <span className="ok-text" role="status">
              Settings saved
            </span>
          )}
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
      <SandboxSection enabled={settings.sandboxEnabled} />
    </div>
  )
}

function SandboxSection({ enabled }: { readonly enabled: boolean }) {
  const info = useAppStore(selectInfo)
  const loadInfo = useAppStore((s) => s.loadInfo)
  const removeSandbox = useSettingsStore((s) => s.removeSandbox)
  const loadProfiles = useProfilesStore((s) => s.load)
  const forgetTokens = useTokensStore((s) => s.forget)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<IpcError | null>(null)
  const [done, setDone] = useState(false)
  const running = info?.sandbox.running ?? false
  if (!enabled && !running && !done) return null

  const onRemove = async () => {
    setError(null)
    try {
      await removeSandbox()
      forgetTokens()
      await Promise.all([loadProfiles(), loadInfo()])
      setDone(true)
      setConfirming(false)
    } catch (e) {
      setError(toIpcError(e))
    }
  }
  return (
    <section className="settings-form sandbox-section" aria-labelledby="sandbox-title">
      <h2 id="sandbox-title">Sandbox</h2>
      {done ? (
        <p role="status">The sandbox and its profiles were removed.</p>
      ) : (
        <>
          <p className="hint">
            A built-in Token API on this computer{info?.sandbox.url ? ` (${info.sandbox.url})` : ''}, with the “Sandbox” profiles, so every
            feature can be tried safely. Remove it when you have your own profiles.
          </p>
          {confirming ? (
            <div className="confirm-close" role="group" aria-label="Confirm sandbox removal">
              <p>Stop the sandbox and remove its profiles, tokens and keychain entries?</p>
              <div className="form-actions">
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep sandbox
                </button>
                <button type="button" className="danger" onClick={() => void onRemove()}>
                  Remove sandbox
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="danger subtle" onClick={() => setConfirming(true)}>
              Remove sandbox…
            </button>
          )}
        </>
      )}
      {error && <ErrorMessage error={error} />}
    </section>
  )
}
