/**
 * The rules of a rotation, apart from its I/O (rotation.ts runs them against the API, the
 * keychain and the journal): how long the old token is asked to keep working, when it ends, when
 * Keyward may revoke it itself, and which key is the replacement of a rotation whose answer was
 * lost in a crash.
 */
import type { ApiKey } from '../shared/models'

/** The old token keeps working this long when the user asked for no grace, until the new one is safe. */
export const SAFETY_GRACE_SECONDS = 3600
/**
 * The longest grace the Token API allows (7 days), asked for when the profile's own credential is
 * rotated without grace: if the keychain then refuses the new secret, the profile still runs on the
 * old key, and that must last long enough for the user to replace it. Keyward revokes it itself
 * as soon as the new secret is safe.
 */
export const CREDENTIAL_SAFETY_GRACE_SECONDS = 604_800

/**
 * A replacement created this long before the journal's start still counts: the journal's clock is
 * this machine's, the key's creation time the server's.
 */
export const CLOCK_SKEW_MS = 5000

/** The grace to ask the API for: the user's, or a safety grace Keyward ends itself once the new secret is safe. */
export function apiGraceSeconds(requestedGraceSeconds: number, isCredential: boolean): number {
  if (requestedGraceSeconds !== 0) return requestedGraceSeconds
  return isCredential ? CREDENTIAL_SAFETY_GRACE_SECONDS : SAFETY_GRACE_SECONDS
}

/** When the old key stops working after a rotation at `nowMs`: the grace's end, never after an earlier expiry (as the API does). */
export function oldKeyEndsAt(nowMs: number, graceSeconds: number, oldExpiresAt: string | null): string {
  const graceEnd = nowMs + graceSeconds * 1000
  return new Date(oldExpiresAt === null ? graceEnd : Math.min(graceEnd, Date.parse(oldExpiresAt))).toISOString()
}

/**
 * Whether Keyward revokes the old key itself once the new secret is stored: only when the user
 * asked for no grace, and never while the profile still runs on it (its credential not moved).
 */
export function revokesOldKey(requestedGraceSeconds: number, credentialMoveFailed: boolean): boolean {
  return requestedGraceSeconds === 0 && !credentialMoveFailed
}

/** What a crashed rotation's journal knows about it before the API answered. */
export interface StartedRotation {
  readonly oldTokenId: string
  readonly tokenName: string
  readonly startedAt: string
}

/**
 * The id of the key a rotation created when its answer was lost: another key of the same name
 * created since the rotation started (allowing for clock skew). Null: the API never rotated it.
 */
export function findReplacement(keys: readonly ApiKey[], entry: StartedRotation): string | null {
  const since = Date.parse(entry.startedAt) - CLOCK_SKEW_MS
  const found = keys.find((k) => k.id !== entry.oldTokenId && k.name === entry.tokenName && Date.parse(k.createdAt) >= since)
  return found?.id ?? null
}

/** What the user is told about the old token after an interrupted rotation. */
export function oldTokenFate(old: Pick<ApiKey, 'status'> | null, oldEnd: string | null): string {
  return old?.status === 'active' ? `keeps working until ${oldEnd ?? 'it expires'}` : 'no longer works'
}
