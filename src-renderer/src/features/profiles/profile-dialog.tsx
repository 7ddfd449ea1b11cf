import { useId, useState, type FormEvent } from 'react'
import type { IpcError } from '@shared/errors'
import type { IpcResponse } from '@shared/ipc-contract'
import { ENVIRONMENTS, type Environment, type ProfileView } from '@shared/models'
import { checkSecret, prefixForEnvironment } from '@shared/token-format'
import { checkBaseUrl } from '@shared/urls'
import { ENVIRONMENT_NAMES } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { toIpcError } from '../../lib/keyward'
import { useAppStore } from '../../stores/app/store'
import { useProfilesStore } from '../../stores/profiles/store'
import { useTokensStore } from '../../stores/tokens/store'

type TestResult = IpcResponse<'profiles:test'>

/** Add or edit a profile. The credential is pasted once and goes straight to the keychain. */
export function ProfileDialog({ profile }: { readonly profile: ProfileView | null }) {
  const closeDialog = useAppStore((s) => s.closeDialog)
  const add = useProfilesStore((s) => s.add)
  const update = useProfilesStore((s) => s.update)
  const remove = useProfilesStore((s) => s.remove)
  const testProfile = useProfilesStore((s) => s.test)
  const reloadTokens = useTokensStore((s) => s.load)
  const forgetTokens = useTokensStore((s) => s.forget)
  const [name, setName] = useState(profile?.name ?? '')
  const [environment, setEnvironment] = useState<Environment>(profile?.environment ?? 'dev')
  const [baseUrl, setBaseUrl] = useState(profile?.baseUrl ?? 'https://')
  const [credential, setCredential] = useState('')
  const [touched, setTouched] = useState(false)
  const [credTouched, setCredTouched] = useState(false)
  const [busy, setBusy] = useState<'save' | 'test' | 'remove' | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [test, setTest] = useState<TestResult | null>(null)
  const [confirmRemove, setConfirmRemove] = useState(false)
  const ids = { name: useId(), env: useId(), url: useId(), cred: useId(), credHint: useId() }

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

  const onTest = async () => {
    setTouched(true)
    if (urlProblem || (credential && credentialProblem)) return
    setBusy('test')
    setError(null)
    setTest(null)
    try {
      setTest(
        await testProfile({
          environment,
          baseUrl: baseUrl.trim(),
          ...(profile ? { profileId: profile.id } : {}),
          ...(check?.ok ? { credential: check.secret } : {}),
        }),
      )
    } catch (e) {
      setError(toIpcError(e))
    } finally {
      setBusy(null)
    }
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (nameProblem || urlProblem || credentialProblem) return
    setBusy('save')
    setError(null)
    try {
      const secret = check?.ok ? check.secret : undefined
      if (profile) {
        await update({
          id: profile.id,
          name: name.trim(),
          environment,
          baseUrl: baseUrl.trim(),
          ...(secret ? { credential: secret } : {}),
        })
        void reloadTokens(profile.id, true)
      } else {
        await add({ name: name.trim(), environment, baseUrl: baseUrl.trim(), credential: secret ?? '' })
      }
      setCredential('')
      closeDialog()
    } catch (err) {
      setError(toIpcError(err))
      setBusy(null)
    }
  }

  const onRemove = async () => {
    if (!profile) return
    setBusy('remove')
    try {
      await remove(profile.id)
      forgetTokens(profile.id)
      closeDialog()
    } catch (err) {
      setError(toIpcError(err))
      setBusy(null)
    }
  }

  return (
    <Modal title={editing ? `Edit profile “${profile.name}”` : 'Add profile'} onCancel={closeDialog}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
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

        <label htmlFor={ids.cred}>{editing ? 'New credential (optional)' : 'Credential (API key)'}</label>
        <input
          id={ids.cred}
          type="password"
          className="mono"
          autoComplete="off"
          spellCheck={false}
          value={credential}
          onChange={(e) => setCredential(e.target.value)}
          onBlur={() => setCredTouched(true)}
          aria-describedby={ids.credHint}
          aria-invalid={(touched || credTouched) && !!credentialProblem}
        />
        <p id={ids.credHint} className="hint">
          {editing ? 'Leave empty to keep the credential in your keychain. ' : ''}Pasted once and stored in your keychain — never in
          Keyward’s settings file.
        </p>
        {(touched || credTouched) && credentialProblem && <p className="field-error">{credentialProblem}</p>}
        {prefixWarning && <p className="hint hint-warn">{prefixWarning}</p>}

        <div className="test-row">
          <button type="button" onClick={() => void onTest()} disabled={busy !== null}>
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          {test && (
            <div className="test-result" role="status">
              <span className="ok-text">
                ✓ Connected to {test.organization.name} ({test.organization.environment}
                {test.organization.status !== 'active' ? `, ${test.organization.status}` : ''}) as “{test.keyName}”.
              </span>
              {test.warnings.map((w) => (
                <span key={w} className="hint hint-warn">
                  {w}
                </span>
              ))}
            </div>
          )}
        </div>

        {error && <ErrorMessage error={error} />}
        <div className="form-actions">
          {editing && !confirmRemove && (
            <button type="button" className="danger subtle left" onClick={() => setConfirmRemove(true)}>
              Remove profile…
            </button>
          )}
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy === 'save' ? 'Saving…' : editing ? 'Save profile' : 'Add profile'}
          </button>
        </div>
        {editing && confirmRemove && (
          <div className="confirm-close" role="group" aria-label="Confirm removal">
            <p>
              Remove “{profile.name}” and its credential from this computer? Tokens on the server keep working; revoke them first if
              they are no longer needed.
            </p>
            <div className="form-actions">
              <button type="button" onClick={() => setConfirmRemove(false)}>
                Keep profile
              </button>
              <button type="button" className="danger" onClick={() => void onRemove()} disabled={busy !== null}>
                Remove profile
              </button>
            </div>
          </div>
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
