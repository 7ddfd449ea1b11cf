import { addDays, endOfDay, format } from 'date-fns'
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import type { IpcError } from '@shared/errors'
import type { ProfileView, Scope } from '@shared/models'
import { EnvBadge } from '../../components/env-badge'
import { ErrorMessage } from '../../components/error-message'
import { Modal } from '../../components/modal'
import { toIpcError } from '../../lib/keyward'
import { useAppStore } from '../../stores/app/store'
import { useShowOnceStore } from '../../stores/show-once/store'
import { useTokensStore } from '../../stores/tokens/store'

type Expiry = '7' | '30' | '60' | '90' | 'custom' | 'none'
const PRESETS: readonly { readonly key: Expiry; readonly label: string }[] = [
  { key: '7', label: '7 days' },
  { key: '30', label: '30 days' },
  { key: '60', label: '60 days' },
  { key: '90', label: '90 days' },
  { key: 'custom', label: 'Custom date' },
  { key: 'none', label: 'No expiry' },
]

/** Scopes that only read; everything else can change things and deserves a second thought. */
function isReadOnly(scope: string): boolean {
  return /:(read|list|get)$/i.test(scope)
}

/** Name, scopes and expiry of a new token; on success hands the secret to the show-once view. */
export function CreateDialog({ profile }: { readonly profile: ProfileView }) {
  const closeDialog = useAppStore((s) => s.closeDialog)
  const loadScopes = useTokensStore((s) => s.scopes)
  const create = useTokensStore((s) => s.create)
  const openShowOnce = useShowOnceStore((s) => s.open)
  const [name, setName] = useState('')
  const [scopes, setScopes] = useState<readonly Scope[] | null>(null)
  const [scopeError, setScopeError] = useState<IpcError | null>(null)
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const [scopeFilter, setScopeFilter] = useState('')
  const [expiry, setExpiry] = useState<Expiry>('30')
  const [customDate, setCustomDate] = useState(() => format(addDays(new Date(), 30), 'yyyy-MM-dd'))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<IpcError | null>(null)
  const [touched, setTouched] = useState(false)
  const ids = { name: useId(), filter: useId(), date: useId(), scopesHint: useId() }

  useEffect(() => {
    let live = true
    loadScopes(profile.id).then(
      (s) => live && setScopes(s),
      (e: unknown) => live && setScopeError(toIpcError(e)),
    )
    return () => {
      live = false
    }
  }, [profile.id, loadScopes])

  const shownScopes = useMemo(() => {
    const q = scopeFilter.trim().toLowerCase()
    return (scopes ?? []).filter((s) => !q || s.name.toLowerCase().includes(q) || s.description.toLowerCase().includes(q))
  }, [scopes, scopeFilter])

  const tomorrow = format(addDays(new Date(), 1), 'yyyy-MM-dd')
  const writeScopes = [...chosen].filter((s) => !isReadOnly(s))
  const nameProblem = name.trim() === '' ? 'Give the token a name that says where it is used.' : null
  const scopeProblem = chosen.size === 0 ? 'Choose at least one scope.' : null
  const dateProblem = expiry === 'custom' && (!customDate || customDate < tomorrow) ? 'Choose a date after today.' : null

  const expiresAt = (): string | null => {
    if (expiry === 'none') return null
    if (expiry === 'custom') {
      // Not date-fns `parse`: it pulls in every format token's parser for one fixed yyyy-MM-dd.
      const [y, m, d] = customDate.split('-').map(Number) as [number, number, number]
      return endOfDay(new Date(y, m - 1, d)).toISOString()
    }
    return addDays(new Date(), Number(expiry)).toISOString()
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (nameProblem || scopeProblem || dateProblem) return
    setBusy(true)
    setError(null)
    try {
      const result = await create({ profileId: profile.id, name: name.trim(), scopes: [...chosen], expiresAt: expiresAt() })
      openShowOnce(result)
    } catch (err) {
      setError(toIpcError(err))
      setBusy(false)
    }
  }

  const toggle = (scope: string) =>
    setChosen((prev) => {
      const next = new Set(prev)
      if (next.has(scope)) next.delete(scope)
      else next.add(scope)
      return next
    })

  return (
    <Modal title="New token" onCancel={closeDialog} wide>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="form-context">
          In <strong>{profile.name}</strong> <EnvBadge environment={profile.environment} />
        </p>
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          data-autofocus
          value={name}
          maxLength={100}
          placeholder="e.g. CI deploy (github-actions)"
          onChange={(e) => setName(e.target.value)}
          aria-invalid={touched && !!nameProblem}
        />
        {touched && nameProblem && <p className="field-error">{nameProblem}</p>}

        <fieldset className="scopes-fieldset" aria-describedby={ids.scopesHint}>
          <legend>Scopes</legend>
          <p id={ids.scopesHint} className="hint">
            Least privilege: choose only what this token needs. A leaked token can do everything its scopes allow — prefer
            read scopes and add write scopes only where it must change things.
          </p>
          {scopeError && <ErrorMessage error={scopeError} title="Couldn’t load the scopes." />}
          {scopes === null && !scopeError && <p className="muted">Loading scopes…</p>}
          {scopes && scopes.length > 10 && (
            <>
              <label htmlFor={ids.filter} className="sr-only">
                Filter scopes
              </label>
              <input id={ids.filter} type="search" placeholder="Filter scopes" value={scopeFilter} onChange={(e) => setScopeFilter(e.target.value)} />
            </>
          )}
          <div className="scope-options">
            {shownScopes.map((s) => (
              <label key={s.name} className="scope-option">
                <input type="checkbox" checked={chosen.has(s.name)} onChange={() => toggle(s.name)} />
                <span className="mono scope-name">{s.name}</span>
                <span className="scope-desc">{s.description}</span>
              </label>
            ))}
          </div>
          {touched && scopeProblem && <p className="field-error">{scopeProblem}</p>}
          {writeScopes.length > 0 && (
            <p className="hint hint-warn">
              {writeScopes.length} write scope{writeScopes.length > 1 ? 's' : ''} selected ({writeScopes.join(', ')}). Is
              write access needed?
            </p>
          )}
        </fieldset>

        <fieldset>
          <legend>Expires</legend>
          <div className="radio-row">
            {PRESETS.map((p) => (
              <label key={p.key} className={`radio-chip${expiry === p.key ? ' checked' : ''}`}>
                <input type="radio" name="expiry" value={p.key} checked={expiry === p.key} onChange={() => setExpiry(p.key)} />
                {p.label}
              </label>
            ))}
          </div>
          {expiry === 'custom' && (
            <>
              <label htmlFor={ids.date}>Expiry date</label>
              <input id={ids.date} type="date" min={tomorrow} value={customDate} onChange={(e) => setCustomDate(e.target.value)} />
              {dateProblem && <p className="field-error">{dateProblem}</p>}
            </>
          )}
          {expiry === 'none' && (
            <p className="hint hint-warn" role="note">
              A token without an expiry works until someone revokes it. Prefer a date and rotate before it — Keyward reminds you.
            </p>
          )}
        </fieldset>

        {error && <ErrorMessage error={error} title="The token was not created." />}
        <div className="form-actions">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
