import { useId, useState, type FormEvent } from 'react'
import { ENVIRONMENTS, type Environment, type ProfileView } from '@shared/models'
import { checkSecret, prefixForEnvironment } from '@shared/token-format'
import { checkBaseUrl } from '@shared/urls'
import { ENVIRONMENT_NAMES } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { ConnectionTest, type TestResult } from './connection-test'

/** Add or edit a profile. The credential is pasted once and goes straight to the keychain. */
export function ProfileDialog({ profile }: { readonly profile: ProfileView | null }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const addProfile = useStore((s) => s.addProfile)
  const updateProfile = useStore((s) => s.updateProfile)
  const removeProfile = useStore((s) => s.removeProfile)
  const testProfile = useStore((s) => s.testProfile)
  const [name, setName] = useState(profile?.name ?? '')
  const [environment, setEnvironment] = useState<Environment>(profile?.environment ?? 'dev')
  const [baseUrl, setBaseUrl] = useState(profile?.baseUrl ?? 'https://')
  const [credential, setCredential] = useState('')
  const [touched, setTouched] = useState(false)
  const action = useAction<'save' | 'test' | 'remove'>()
  const [test, setTest] = useState<TestResult | null>(null)
  const [confirmRemove, setConfirmRemove] = useState(false)
  const ids = { name: useId(), env: useId(), url: useId() }

  const editing = profile !== null
  const check = credential ? checkSecret(credential) : null
  const credentialProblem = !editing && !credential ? 'Paste the API key this profile uses.' : check && !check.ok ? check.message : null
  const expectedPrefix = prefixForEnvironment(environment)
  const prefixWarning =
    check?.ok && check.prefix !== expectedPrefix
      ? `This is an ${check.prefix} key but the profile is ${ENVIRONMENT_NAMES[environment].toLowerCase()}: ${environment} profiles normally use ${expectedPrefix} keys.`
      : null
  const urlProblem = urlError(baseUrl)
  const nameProblem = name.trim() ? null : 'Give the profile a name.'

  const onTest = () => {
    setTouched(true)
    if (urlProblem || (credential && credentialProblem)) return
    setTest(null)
    const request = {
      environment,
      baseUrl: baseUrl.trim(),
      ...(profile ? { profileId: profile.id } : {}),
      ...(check?.ok ? { credential: check.secret } : {}),
    }
    void action.run(async () => setTest(await testProfile(request)), 'test')
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (nameProblem || urlProblem || credentialProblem) return
    const secret = check?.ok ? check.secret : undefined
    const fields = { name: name.trim(), environment, baseUrl: baseUrl.trim() }
    void action.run(async () => {
      if (profile) await updateProfile({ id: profile.id, ...fields, ...(secret ? { credential: secret } : {}) })
      else await addProfile({ ...fields, credential: secret ?? '' })
      setCredential('')
      closeDialog()
    }, 'save')
  }

  const onRemove = () => {
    if (!profile) return
    void action.run(async () => {
      await removeProfile(profile.id)
      closeDialog()
    }, 'remove')
  }

  return (
    <Modal title={editing ? `Edit profile “${profile.name}”` : 'Add profile'} onCancel={closeDialog}>
      <form className="form" onSubmit={submit} noValidate>
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} value={name} maxLength={100} data-autofocus onChange={(e) => setName(e.target.value)} aria-invalid={touched && !!nameProblem} />
        {touched && nameProblem && <p className="field-error">{nameProblem}</p>}

        <label htmlFor={ids.env}>Environment</label>
        <select id={ids.env} value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
          {ENVIRONMENTS.map((env) => (
            <option key={env} value={env}>
              {ENVIRONMENT_NAMES[env]}
            </option>
          ))}
        </select>

        <label htmlFor={ids.url}>Base URL</label>
        <input
          id={ids.url}
          className="mono"
          value={baseUrl}
          spellCheck={false}
          onChange={(e) => setBaseUrl(e.target.value)}
          placeholder="https://api.example.com"
          aria-invalid={touched && !!urlProblem}
        />
        {touched && urlProblem && <p className="field-error">{urlProblem}</p>}

        <CredentialField
          editing={editing}
          value={credential}
          onChange={setCredential}
          problem={credentialProblem}
          showProblem={touched}
        />
        {prefixWarning && <p className="hint hint-warn">{prefixWarning}</p>}

        <ConnectionTest result={test} testing={action.pending === 'test'} disabled={action.busy} onTest={onTest} />

        {action.error && <ErrorMessage error={action.error} />}
        <div className="form-actions">
          {editing && !confirmRemove && (
            <button type="button" className="danger subtle left" onClick={() => setConfirmRemove(true)}>
              Remove profile…
            </button>
          )}
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy}>
            {action.pending === 'save' ? 'Saving…' : editing ? 'Save profile' : 'Add profile'}
          </button>
        </div>
        {editing && confirmRemove && (
          <ConfirmRemoval name={profile.name} busy={action.busy} onKeep={() => setConfirmRemove(false)} onRemove={onRemove} />
        )}
      </form>
    </Modal>
  )
}

/** The base URL rule core enforces (shared/urls), shown while the user types. */
function urlError(value: string): string | null {
  const check = checkBaseUrl(value)
  return check.ok ? null : check.message
}

interface CredentialFieldProps {
  readonly editing: boolean
  readonly value: string
  readonly onChange: (value: string) => void
  readonly problem: string | null
  /** The form was submitted or tested: show the problem even if the field was never left. */
  readonly showProblem: boolean
}

/** The API key: pasted once, straight to the keychain; optional when editing. */
function CredentialField({ editing, value, onChange, problem, showProblem }: CredentialFieldProps) {
  const [blurred, setBlurred] = useState(false)
  const ids = { field: useId(), hint: useId() }
  const shown = (showProblem || blurred) && !!problem
  return (
    <>
      <label htmlFor={ids.field}>{editing ? 'New credential (optional)' : 'Credential (API key)'}</label>
      <input
        id={ids.field}
        type="password"
        className="mono"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => setBlurred(true)}
        aria-describedby={ids.hint}
        aria-invalid={shown}
      />
      <p id={ids.hint} className="hint">
        {editing ? 'Leave empty to keep the credential in your keychain. ' : ''}Pasted once and stored in your keychain — never in
        Keyward’s settings file.
      </p>
      {shown && <p className="field-error">{problem}</p>}
    </>
  )
}

/** Removing a profile asks once more, and says what removal does not do. */
function ConfirmRemoval({ name, busy, onKeep, onRemove }: { readonly name: string; readonly busy: boolean; readonly onKeep: () => void; readonly onRemove: () => void }) {
  return (
    <div className="confirm-close" role="group" aria-label="Confirm removal">
      <p>
        Remove “{name}” and its credential from this computer? Tokens on the server keep working; revoke them first if they are no
        longer needed.
      </p>
      <div className="form-actions">
        <button type="button" onClick={onKeep}>
          Keep profile
        </button>
        <button type="button" className="danger" onClick={onRemove} disabled={busy}>
          Remove profile
        </button>
      </div>
    </div>
  )
}
