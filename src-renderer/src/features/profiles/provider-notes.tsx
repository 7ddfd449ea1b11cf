import { useId, useState } from 'react'
import type { ProviderInfo } from '@shared/provider-info'
import type { CapabilityState } from '@shared/providers'

interface Line {
  readonly key: string
  readonly label: string
  /** The label in the one-line summary ("Can: list, create · Cannot: last used"). */
  readonly short: string
  /** What Keyward offers, which may be more than the provider's API (npm rotation, GitHub's list). */
  readonly available: boolean
  readonly text: string | null
}

const textOf = (s: CapabilityState) => (s.available ? s.note : s.reason)

/** The lines a user weighs when picking a provider, in the order they would ask about them. */
function lines(info: ProviderInfo): Line[] {
  const d = info.descriptor
  const c = d.capabilities
  const action = (a: 'list' | 'create') => info.profileActions.find((x) => x.action === a)
  const list = action('list')
  const create = action('create')
  const rotate = d.rotation === 'replace-secret' ? 'Replace the secret' : 'Rotate'
  const revoke = d.revokeBy === 'forget' ? 'Forget' : 'Revoke'
  const out: Line[] = [
    { key: 'list', label: 'List tokens', short: 'list', available: list?.available ?? false, text: list?.text ?? null },
    { key: 'create', label: 'Create tokens', short: 'create', available: create?.available ?? false, text: create?.text ?? null },
    { key: 'rotate', label: rotate, short: rotate.toLowerCase(), available: info.rotation !== null, text: textOf(c.rotate) },
  ]
  // A grace period only means something where there is a rotation.
  if (info.rotation) {
    out.push({ key: 'grace', label: 'Grace period', short: 'grace period', available: info.rotation.withGrace.graceKeptBy !== null, text: textOf(c.rotateWithGrace) })
  }
  out.push(
    { key: 'revoke', label: revoke, short: revoke.toLowerCase(), available: c.revoke.available, text: textOf(c.revoke) },
    { key: 'last-used', label: 'Last used', short: 'last used', available: c.lastUsed.available, text: textOf(c.lastUsed) },
    { key: 'expiry', label: 'Expiry', short: 'expiry', available: c.expiry.available, text: textOf(c.expiry) },
  )
  return out
}

/** "Can: list, create, rotate · Cannot: last used": the whole panel in one line. */
function capabilitySummary(all: readonly Line[]): string {
  const can = all.filter((l) => l.available).map((l) => l.short)
  const cannot = all.filter((l) => !l.available).map((l) => l.short)
  return [can.length ? `Can: ${can.join(', ')}` : null, cannot.length ? `Cannot: ${cannot.join(', ')}` : null].filter(Boolean).join(' · ')
}

/**
 * What Keyward can and cannot do with a provider, shown where the user picks the provider: one
 * line that says it all, which expands (a disclosure button) into each capability with the
 * provider's own note or reason ("npm has no rotate endpoint: …"). Collapsed, the form's buttons
 * stay in view in a 1280×800 window.
 */
export function ProviderNotes({ info }: { readonly info: ProviderInfo }) {
  const titleId = useId()
  const listId = useId()
  const [open, setOpen] = useState(false)
  const all = lines(info)
  return (
    <section className="provider-notes" aria-labelledby={titleId}>
      <h3 id={titleId}>What Keyward can do with {info.descriptor.label}</h3>
      <button type="button" className="cap-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        <span className="cap-toggle-mark" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {capabilitySummary(all)}
      </button>
      <ul id={listId} hidden={!open}>
        {all.map((line) => (
          <li key={line.key} className={line.available ? 'cap-yes' : 'cap-no'}>
            <span className="cap-mark" aria-hidden="true">
              {line.available ? '✓' : '–'}
            </span>
            <span>
              <strong>{line.label}</strong>
              <span className="sr-only">{line.available ? ' (yes)' : ' (no)'}</span>
              {line.text ? ` — ${line.text}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
