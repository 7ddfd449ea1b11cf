import { useEffect, useId, useState, type FormEvent } from 'react'
import type { Environment, ProfileView } from '@shared/models'
import type { ProviderInfo } from '@shared/provider-info'
import type { ProviderId } from '@shared/providers'
import { prefixForEnvironment } from '@shared/token-format'
import { checkBaseUrl } from '@shared/urls'
import { ENVIRONMENT_NAMES } from '../../components/env-badge'
import { EnvironmentSelect } from '../../components/environment-select'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { offlineCheck } from '../../lib/credential-checks'
import { useAction } from '../../lib/use-action'
import { useStore } from '../../store'
import { selectProviders, selectProvidersError } from '../../store/slices/providers'
import { ConnectionTest, type TestResult } from './connection-test'
import { CredentialField } from './credential-field'
import { ProviderNotes } from './provider-notes'

/** A provider that has an API has a base URL and a credential; one without (any secret) has neither. */
const hasApi = (info: ProviderInfo | null) => !info || info.descriptor.defaultBaseUrl !== null || info.descriptor.baseUrlHint !== null

/** Add or edit a profile. The credential is pasted once and goes straight to the keychain. */
export function ProfileDialog({ profile }: { readonly profile: ProfileView | null }) {
  const closeDialog = useStore((s) => s.closeDialog)
  const addProfile = useStore((s) => s.addProfile)
  const updateProfile = useStore((s) => s.updateProfile)
  const removeProfile = useStore((s) => s.removeProfile)
  const testProfile = useStore((s) => s.testProfile)
  const providers = useStore(selectProviders)
  const providersError = useStore(selectProvidersError)
  const loadProviders = useStore((s) => s.loadProviders)
  useEffect(() => void loadProviders(), [loadProviders])
  const [providerId, setProviderId] = useState<ProviderId>(profile?.provider ?? 'token-api-v1')
  const info = providers?.find((p) => p.descriptor.id === providerId) ?? null
  const [name, setName] = useState(profile?.name ?? '')
  const [environment, setEnvironment] = useState<Environment>(profile?.environment ?? 'dev')
  const [baseUrl, setBaseUrl] = useState<string | null>(profile?.baseUrl ?? null)
  const [credential, setCredential] = useState('')
  const [touched, setTouched] = useState(false)
  const action = useAction<'save' | 'test' | 'remove'>()
  const [test, setTest] = useState<TestResult | null>(null)
  const [confirmRemove, setConfirmRemove] = useState(false)
  const ids = { name: useId(), provider: useId(), url: useId(), urlHint: useId() }

  const editing = profile !== null
  const api = hasApi(info)
  // Until the user types one, the URL follows the chosen provider's default.
  const url = baseUrl ?? info?.descriptor.defaultBaseUrl ?? 'https://'
  const credentialLabel = info?.descriptor.credentialLabel ?? 'credential'
  const check = offlineCheck(providerId, credential)
  const cleaned = check ? (check.ok ? check.secret : null) : credential.trim() || null
  const credentialProblem =
    api && !editing && !credential.trim() ? `Paste the ${credentialLabel} this profile uses.` : check && !check.ok ? check.message : null
  const expectedPrefix = prefixForEnvironment(environment)
  const prefixWarning =
    check?.ok && check.prefix !== expectedPrefix
      ? `This is an ${check.prefix} key but the profile is ${ENVIRONMENT_NAMES[environment].toLowerCase()}: ${environment} profiles normally use ${expectedPrefix} keys.`
      : null
  const urlProblem = api ? urlError(url) : null
  const nameProblem = name.trim() ? null : 'Give the profile a name.'

  const chooseProvider = (id: ProviderId) => {
    setProviderId(id)
    setTest(null)
    action.clearError()
  }

  const onTest = () => {
    setTouched(true)
    if (urlProblem || (credential && credentialProblem)) return
    setTest(null)
    const request = {
      provider: providerId,
      environment,
      baseUrl: url.trim(),
      ...(profile ? { profileId: profile.id } : {}),
      ...(cleaned ? { credential: cleaned } : {}),
    }
    void action.run(async () => setTest(await testProfile(request)), 'test')
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (nameProblem || urlProblem || credentialProblem || !info) return
    const secret = api && cleaned ? cleaned : undefined
    const fields = { name: name.trim(), environment, ...(api ? { baseUrl: url.trim() } : {}) }
    void action.run(async () => {
      if (profile) await updateProfile({ id: profile.id, ...fields, ...(secret ? { credential: secret } : {}) })
      else await addProfile({ ...fields, provider: providerId, ...(secret ? { credential: secret } : {}) })
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
    <Modal title={editing ? `Edit profile “${profile.name}”` : 'Add profile'} onCancel={closeDialog} wide>
      <form className="form" onSubmit={submit} noValidate>
        {editing ? (
          <p className="form-context">
            Provider: <strong>{info?.descriptor.label ?? profile.provider}</strong>{' '}
            <span className="muted">(a profile keeps its provider; add another profile for another one)</span>
          </p>
        ) : (
          <>
            <label htmlFor={ids.provider}>Provider</label>
            <select id={ids.provider} value={providerId} data-autofocus onChange={(e) => chooseProvider(e.target.value as ProviderId)} disabled={!providers}>
              {(providers ?? []).map((p) => (
                <option key={p.descriptor.id} value={p.descriptor.id}>
                  {p.descriptor.label}
                </option>
              ))}
              {!providers && <option value={providerId}>Loading providers…</option>}
            </select>
          </>
        )}
        {providersError && <ErrorMessage error={providersError} title="Keyward could not list its providers." />}

        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} value={name} maxLength={100} data-autofocus={editing ? true : undefined} onChange={(e) => setName(e.target.value)} aria-invalid={touched && !!nameProblem} />
        {touched && nameProblem && <p className="field-error">{nameProblem}</p>}

        <EnvironmentSelect value={environment} onChange={setEnvironment} />

        {api ? (
          <>
            <label htmlFor={ids.url}>Base URL</label>
            <input
              id={ids.url}
              className="mono"
              value={url}
              spellCheck={false}
              onChange={(e) => setBaseUrl(e.target.value)}
              placeholder="https://api.example.com"
              aria-describedby={info?.descriptor.baseUrlHint ? ids.urlHint : undefined}
              aria-invalid={touched && !!urlProblem}
            />
            {info?.descriptor.baseUrlHint && (
              <p id={ids.urlHint} className="hint">
                {info.descriptor.baseUrlHint}
              </p>
            )}
            {touched && urlProblem && <p className="field-error">{urlProblem}</p>}

            <CredentialField
              editing={editing}
              credentialLabel={credentialLabel}
              value={credential}
              onChange={setCredential}
              problem={credentialProblem}
              showProblem={touched}
            />
            {prefixWarning && <p className="hint hint-warn">{prefixWarning}</p>}

            <ConnectionTest
              result={test}
              providerLabel={info?.descriptor.label ?? ''}
              testing={action.pending === 'test'}
              disabled={action.busy}
              onTest={onTest}
            />
          </>
        ) : (
          <p className="hint">
            No account to connect: after saving, add each secret with its name, scopes, expiry and notes. Keyward keeps them in your
            keychain and reminds you before they expire.
          </p>
        )}

        {info && <ProviderNotes info={info} />}

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
          <button type="submit" className="primary" disabled={action.busy || !info}>
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
