/**
 * The rule for a human-given name (a key's or token's name) that Keyward later shows in places that
 * cannot defend themselves: OS notifications, the tray menu, a terminal, the typed confirmation for
 * a prod action. Pure code, shared by the Token API server, the core and the renderer, so a name
 * that one side accepts the others accept too.
 */

export const DISPLAY_NAME_MAX_CODE_POINTS = 100

export type DisplayNameCheck = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string }

// C0 and C1 controls (tab, line breaks, ESC that starts ANSI sequences, the one-byte CSI U+009B),
// plus the line and paragraph separators, which break a one-line label just like \n.
const CONTROL = /[\p{Cc}\u2028\u2029]/u
// Embeddings, overrides and isolates reorder what follows them ("Trojan Source"): a name could show
// as another name. The marks LRM/RLM/ALM only nudge neutral characters and stay allowed for RTL text.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u
// A lone surrogate cannot be encoded as UTF-8: it would turn into U+FFFD somewhere down the line.
const LONE_SURROGATE = /\p{Cs}/u
// What renders as nothing: zero-width spaces and joiners, BOM, soft hyphen, variation selectors…
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{White_Space}]/gu

/** Trims a name and checks it against the rule; on success returns the name as it will be stored. */
export function checkDisplayName(raw: string): DisplayNameCheck {
  const name = raw.trim()
  if (CONTROL.test(name)) {
    return { ok: false, message: 'must not contain control characters (line breaks, tabs, terminal escape sequences)' }
  }
  if (BIDI_CONTROL.test(name)) {
    return { ok: false, message: 'must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)' }
  }
  if (LONE_SURROGATE.test(name)) return { ok: false, message: 'must be valid Unicode text' }
  if (name.replace(INVISIBLE, '') === '') {
    return { ok: false, message: name === '' ? 'must not be empty' : 'must contain a visible character' }
  }
  // Code points, not UTF-16 units: an emoji is one character to the person typing it.
  if ([...name].length > DISPLAY_NAME_MAX_CODE_POINTS) {
    return { ok: false, message: `must be at most ${DISPLAY_NAME_MAX_CODE_POINTS} characters after trimming` }
  }
  return { ok: true, name }
}
