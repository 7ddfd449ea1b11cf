import { useId } from 'react'
import type { ProviderInfo } from '@shared/provider-info'
import type { CapabilityState } from '@shared/providers'

interface Line {
  readonly key: string
  readonly label: string
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
  const out: Line[] = [
    { key: 'list', label: 'List tokens', available: list?.available ?? false, text: list?.text ?? null },
    { key: 'create', label: 'Create tokens', available: create?.available ?? false, text: create?.text ?? null },
    { key: 'rotate', label: d.rotation === 'replace-secret' ? 'Replace the secret' : 'Rotate', available: info.rotation !== null, text: textOf(c.rotate) },
  ]
  // A grace period only means something where there is a rotation.
  if (info.rotation) out.push({ key: 'grace', label: 'Grace period', available: info.rotation.withGrace.graceKeptBy !== null, text: textOf(c.rotateWithGrace) })
  out.push(
    { key: 'revoke', label: d.revokeBy === 'forget' ? 'Forget' : 'Revoke', available: c.revoke.available, text: textOf(c.revoke) },
    { key: 'last-used', label: 'Last used', available: c.lastUsed.available, text: textOf(c.lastUsed) },
    { key: 'expiry', label: 'Expiry', available: c.expiry.available, text: textOf(c.expiry) },
  )
  return out
}

/**
 * What Keyward can and cannot do with a provider, each line with the provider's own note or reason
 * ("npm has no rotate endpoint: …"), shown where the user picks the provider.
 */
export function ProviderNotes({ info }: { readonly info: ProviderInfo }) {
  const titleId = useId()
  return (
    <section className="provider-notes" aria-labelledby={titleId}>
      <h3 id={titleId}>What Keyward can do with {info.descriptor.label}</h3>
      <ul>
        {lines(info).map((line) => (
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
