/**
 * Token references, `keyward://<profile>/<token>`: how the CLI names a stored secret without
 * holding it. Profile and token are each a name (matched case-insensitively) or an id. Pure, so
 * the app shows the same reference the CLI resolves.
 */

export const REFERENCE_SCHEME = 'keyward://'

/** What a reference needs to know of a profile. */
export interface ReferenceProfile {
  readonly id: string
  readonly name: string
}

/** What a reference needs to know of a token. */
export interface ReferenceToken {
  readonly id: string
  readonly name: string
  readonly createdAt: string
  readonly expiresAt: string | null
  readonly revokedAt: string | null
  readonly status: 'active' | 'expired' | 'revoked'
}

export interface ParsedReference {
  readonly profile: string
  readonly token: string
}

/** A reference that does not resolve to exactly one profile or token; candidates say which exist. */
export class BadReferenceError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'unknown' | 'ambiguous',
    readonly candidates: readonly string[] = [],
  ) {
    super(message)
    this.name = 'BadReferenceError'
  }
}

export function isReference(value: string): boolean {
  return value.startsWith(REFERENCE_SCHEME)
}

/** Splits a reference; the profile ends at the first `/` (write a `/` inside a name as %2F). */
export function parseReference(ref: string): ParsedReference {
  if (!isReference(ref)) throw new BadReferenceError(`"${ref}" is not a Keyward reference (keyward://<profile>/<token>).`, 'syntax')
  const rest = ref.slice(REFERENCE_SCHEME.length)
  const slash = rest.indexOf('/')
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part)
    } catch {
      throw new BadReferenceError(`"${ref}" has a broken %-escape.`, 'syntax')
    }
  }
  const profile = decode(slash < 0 ? rest : rest.slice(0, slash))
  const token = slash < 0 ? '' : decode(rest.slice(slash + 1))
  if (!profile || !token) throw new BadReferenceError(`"${ref}" names no ${profile ? 'token' : 'profile'}: write keyward://<profile>/<token>.`, 'syntax')
  return { profile, token }
}

// Spaces stay readable; only what would change the parse is escaped.
const encodePart = (part: string, isProfile: boolean) => part.replace(isProfile ? /[%/]/g : /%/g, (c) => encodeURIComponent(c))

/** Whether a token still works at `nowMs`: not revoked and not past its expiry. */
export function isLive(token: ReferenceToken, nowMs: number): boolean {
  if (token.status === 'revoked' || token.revokedAt !== null) return false
  if (token.status === 'expired') return false
  return token.expiresAt === null || Date.parse(token.expiresAt) > nowMs
}

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0

/** The profile a reference names: an exact id, else the one profile whose name matches. */
export function resolveProfile<P extends ReferenceProfile>(profiles: readonly P[], wanted: string): P {
  const byId = profiles.find((p) => p.id === wanted)
  if (byId) return byId
  const named = profiles.filter((p) => same(p.name, wanted))
  if (named.length === 1) return named[0] as P
  const list = (named.length ? named : profiles).map((p) => `${p.name} (${p.id})`)
  if (named.length > 1) throw new BadReferenceError(`Profile "${wanted}" is ambiguous: ${list.join(', ')}. Use the profile id.`, 'ambiguous', list)
  throw new BadReferenceError(`No profile "${wanted}". Profiles: ${list.length ? list.join(', ') : 'none'}.`, 'unknown', list)
}

/**
 * The token a reference names: an exact id, else by name. Several tokens share a name after a
 * rotation; the reference means the one that still works, and it is ambiguous only when more
 * than one does (the old key during its grace period). A name whose every token is dead resolves
 * to the newest, so the caller can say why it cannot be used.
 */
export function resolveToken<T extends ReferenceToken>(tokens: readonly T[], wanted: string, nowMs: number, profileName: string): T {
  const byId = tokens.find((t) => t.id === wanted)
  if (byId) return byId
  const named = tokens.filter((t) => same(t.name, wanted))
  const live = named.filter((t) => isLive(t, nowMs))
  if (live.length === 1) return live[0] as T
  const describe = (t: T) => `${t.name} (${t.id}, ${isLive(t, nowMs) ? 'active' : t.revokedAt !== null || t.status === 'revoked' ? 'revoked' : 'expired'})`
  if (live.length > 1) {
    const list = live.map(describe)
    throw new BadReferenceError(`Token "${wanted}" in "${profileName}" is ambiguous: ${list.join(', ')}. Use the token id.`, 'ambiguous', list)
  }
  if (named.length > 0) return [...named].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0] as T
  const list = tokens.map(describe)
  throw new BadReferenceError(`No token "${wanted}" in "${profileName}". Tokens: ${list.length ? list.join(', ') : 'none'}.`, 'unknown', list)
}

/**
 * The reference to show for a token: by names when they resolve back to it (names survive
 * rotation), by id where a name is shared.
 */
export function referenceFor(profiles: readonly ReferenceProfile[], profile: ReferenceProfile, tokens: readonly ReferenceToken[], token: ReferenceToken, nowMs: number): string {
  const profilePart = profiles.filter((p) => same(p.name, profile.name)).length === 1 && profiles.every((p) => p.id !== profile.name) ? profile.name : profile.id
  let tokenPart = token.id
  try {
    if (tokens.every((t) => t.id !== token.name) && resolveToken(tokens, token.name, nowMs, profile.name).id === token.id) tokenPart = token.name
  } catch {
    // Shared by several live tokens: the id is the only unambiguous name.
  }
  return `${REFERENCE_SCHEME}${encodePart(profilePart, true)}/${encodePart(tokenPart, false)}`
}
