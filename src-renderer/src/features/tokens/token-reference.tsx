import { useRef, useState } from 'react'
import type { ProfileView, TokenView } from '@shared/models'
import { referenceFor } from '@shared/reference'
import { useStore } from '../../store'
import { selectNow } from '../../store/slices/app'
import { selectProfiles } from '../../store/slices/profiles'
import { selectProfileTokens } from '../../store/slices/tokens'

/** A variable name from the token's name: "CI deploy" → CI_DEPLOY. */
export function variableName(tokenName: string): string {
  const name = tokenName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  if (!name) return 'API_KEY'
  return /^[0-9]/.test(name) ? `KEY_${name}` : name
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/**
 * The token's `keyward://` reference, copyable, and a one-line `keyward exec` example: how to use
 * the secret from a terminal without the clipboard. The reference holds no secret.
 */
export function TokenReference({ profile, token }: { readonly profile: ProfileView; readonly token: TokenView }) {
  const profiles = useStore(selectProfiles)
  const tokens = useStore(selectProfileTokens(profile.id)).list?.tokens ?? [token]
  const now = useStore(selectNow)
  const field = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState(false)
  const reference = referenceFor(profiles, profile, tokens, token, now)
  const example = `keyward exec --env ${variableName(token.name)}=${shellQuote(reference)} -- <command>`

  const copy = () => {
    const input = field.current
    if (!input) return
    input.focus()
    input.select()
    // The clipboard permission is denied to the page; a copy of the user's own selection needs none.
    setCopied(document.execCommand('copy'))
  }

  return (
    <section className="token-reference" aria-labelledby="reference-title">
      <h3 id="reference-title">Use from the command line</h3>
      <div className="reference-row">
        <input ref={field} className="mono" readOnly value={reference} aria-label="Reference" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>
          Copy reference
        </button>
      </div>
      {copied && (
        <p className="detail-note" role="status">
          Reference copied. It names the token; the secret stays in the keychain.
        </p>
      )}
      <code className="exec-example" aria-label="Example">
        {example}
      </code>
    </section>
  )
}
