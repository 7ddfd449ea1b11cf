/**
 * Safe rotation with a persisted journal: started → rotated → stored → verified. The secret is
 * never written to disk: right after the API answers it goes into the vault under its final
 * account, before the journal moves on. A crash at any point is found and resolved on next start.
 *
 * The old token is never revoked before its replacement is stored: when the user asks for no
 * grace period, the API is asked for a safety grace and the old token is revoked by Keyward itself
 * once the new secret is safe (and, for a profile's own credential, saved as that credential).
 */
import { randomUUID } from 'node:crypto'
import type { ApiKey, InterruptedRotation } from '../shared/models'
import { ApiError, TokenApiClient, type ClientOptions } from './api-client'
import { KeywardError } from './errors'
import type { JournalEntry, StateFile } from './persistence/state-file'
import { apiGraceSeconds, findReplacement, oldKeyEndsAt, oldTokenFate, revokesOldKey } from './rotation-rules'
import { vaultAccount, type Vault } from './vault'
import { recoverPlanRotation, type RecoveryTarget, type RevokeScheduler } from './provider-rotation'

export type RotationStep = JournalEntry['step']

/** Crash injection for tests: `after(step)` may throw to simulate the app dying right there. */
export interface Faults {
  after(step: RotationStep): void
}

export interface RotationDeps {
  readonly state: StateFile
  readonly vault: Vault
  readonly now: () => Date
  readonly log: (line: string) => void
  readonly faults: Faults | undefined
  readonly clientOptions: ClientOptions
}

export interface RotationOutcome {
  readonly newKey: ApiKey
  readonly secret: string
  readonly stored: boolean
  readonly storeError: string | null
  readonly oldKey: ApiKey
  /** What the user must know although the rotation went through (not verified, credential not moved). */
  readonly warning: string | null
  /** The rotated key was the profile's credential and the profile now uses the new one. */
  readonly credentialMoved: boolean
}

/** Moves a journal entry on (persisted at once: the journal is what a crash leaves behind). */
export function setStep(deps: RotationDeps, id: string, change: Partial<JournalEntry>): void {
  deps.state.update((s) => ({ ...s, journal: s.journal.map((e) => (e.id === id ? { ...e, ...change } : e)) }))
}

/** Drops a journal entry whose rotation needs nothing more (done, refused, or handed to the user). */
export function removeEntry(deps: RotationDeps, id: string): void {
  deps.state.update((s) => ({ ...s, journal: s.journal.filter((e) => e.id !== id) }))
}

/** What the journal records about a rotation that is starting. */
export interface RotationStart {
  readonly profileId: string
  readonly old: ApiKey
  readonly requestedGraceSeconds: number
  readonly isCredential: boolean
  /** Provider rotations (provider-rotation.ts) record their style and Keyward's own revoke time. */
  readonly plan?: Pick<JournalEntry, 'style' | 'revokeOldAt'>
}

/**
 * The start every rotation shares: refuse before anything is issued when the keychain cannot take
 * the new secret, then journal the rotation as `started` so a crash from here on is found at the
 * next start. Returns the entry written.
 */
export async function beginRotation(deps: RotationDeps, start: RotationStart): Promise<JournalEntry> {
  const { old } = start
  try {
    await deps.vault.assertWritable()
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new KeywardError('KEYCHAIN_UNAVAILABLE', `Keyward did not rotate "${old.name}": the new secret could not be stored. Nothing was changed. ${reason}`)
  }
  const entry: JournalEntry = {
    id: randomUUID(),
    profileId: start.profileId,
    oldTokenId: old.id,
    tokenName: old.name,
    step: 'started',
    startedAt: deps.now().toISOString(),
    requestedGraceSeconds: start.requestedGraceSeconds,
    newTokenId: null,
    oldEndsAt: null,
    isCredential: start.isCredential,
    interrupted: null,
    ...start.plan,
  }
  deps.state.update((s) => ({ ...s, journal: [...s.journal, entry] }))
  deps.faults?.after('started')
  return entry
}

/** Rotates `old` through `client` (the profile's). The caller has checked confirmation. */
export async function rotate(
  deps: RotationDeps,
  client: TokenApiClient,
  profile: { readonly id: string; readonly name: string; readonly baseUrl: string },
  old: ApiKey,
  requestedGraceSeconds: number,
  /** The token being rotated is the profile's own credential: the profile moves to the new secret. */
  isCredential = false,
  /** The new token's expiry (null: none; left out: the API's default). */
  expiresAt?: string | null,
): Promise<RotationOutcome> {
  const entry = await beginRotation(deps, { profileId: profile.id, old, requestedGraceSeconds, isCredential })
  const id = entry.id

  const apiGrace = apiGraceSeconds(requestedGraceSeconds, isCredential)
  let created
  try {
    created = await client.rotateKey(old.id, apiGrace, expiresAt)
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
      // The API refused: nothing was rotated, nothing to recover.
      removeEntry(deps, id)
      throw error
    }
    // Lost connection or a server error: the rotation may have happened with its answer lost.
    // Find out now (and again on next start if that is not possible), and tell the user.
    const current = deps.state.journal.find((e) => e.id === id) ?? entry
    const outcome = await checkEntry(deps, current, profile)
    const checked = deps.state.journal.find((e) => e.id === id)
    if (outcome.resolved && checked?.newTokenId == null) removeEntry(deps, id)
    else setStep(deps, id, { interrupted: { step: current.step, message: outcome.message, resolved: outcome.resolved } })
    const base = error instanceof ApiError ? error.toKeywardError() : error
    if (base instanceof KeywardError) throw new KeywardError(base.code, `${base.message} ${outcome.message}`)
    throw error
  }
  const oldEndsAt = oldKeyEndsAt(deps.now().getTime(), apiGrace, old.expiresAt)
  deps.faults?.after('rotated')

  let storeError: string | null = null
  try {
    await deps.vault.set(vaultAccount.token(profile.id, created.key.id), created.secret)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    storeError = isCredential
      ? `The new secret is NOT stored in the keychain — copy it now, it will not be shown again. "${profile.name}" still uses the old key, which stops working at ${oldEndsAt}: paste the new secret in the profile settings before then, or the profile will be locked out. (${reason})`
      : `The new secret is NOT stored in the keychain — copy it now, it will not be shown again. The old token keeps working until ${oldEndsAt}. (${reason})`
  }
  if (storeError !== null) {
    setStep(deps, id, { step: 'rotated', newTokenId: created.key.id, oldEndsAt })
    deps.log(`rotation: ${old.id} → ${created.key.id} rotated, secret not stored`)
    // The user sees the secret in the show-once view now; the entry has done its job.
    removeEntry(deps, id)
    return { newKey: created.key, secret: created.secret, stored: false, storeError, oldKey: { ...old, expiresAt: oldEndsAt }, warning: null, credentialMoved: false }
  }
  let credentialError: string | null = null
  if (isCredential) {
    try {
      // Before the old key can be revoked, or the profile would lock itself out.
      await deps.vault.set(vaultAccount.credential(profile.id), created.secret)
    } catch (error) {
      credentialError = error instanceof Error ? error.message : String(error)
      deps.log(`rotation: could not update the credential of ${profile.id} (${error instanceof KeywardError ? error.code : 'error'})`)
    }
  }
  setStep(deps, id, { step: 'stored', newTokenId: created.key.id, oldEndsAt })
  deps.faults?.after('stored')

  let verified = false
  let verifyProblem = 'the Token API answered for another key.'
  try {
    const me = await new TokenApiClient(profile.baseUrl, created.secret, deps.clientOptions).me()
    verified = me.key.id === created.key.id
  } catch (error) {
    // ApiError messages are written for users and never contain the secret.
    verifyProblem = error instanceof Error ? error.message : String(error)
    deps.log(`rotation: verifying ${created.key.id} failed (${error instanceof ApiError ? error.code : 'error'})`)
  }
  if (verified) {
    setStep(deps, id, { step: 'verified' })
    deps.faults?.after('verified')
  }

  let oldKey: ApiKey = { ...old, expiresAt: oldEndsAt }
  let revoked = false
  try {
    // Only now, with the replacement stored, may the old token end at once. A failed verification
    // does not stop it: the user asked for no grace, and a key that cannot be checked from this
    // machine (an IP allowlist, say) may well work where it is used; the warning says so. A
    // credential that could not be moved keeps the old key, or the profile would be locked out.
    if (revokesOldKey(requestedGraceSeconds, credentialError !== null)) {
      await client.revokeKey(old.id)
      revoked = true
      // The old key has ended: its secret opens nothing any more (as after a revoke).
      await deps.vault.delete(vaultAccount.token(profile.id, old.id)).catch(() => false)
      oldKey = { ...old, status: 'revoked', revokedAt: deps.now().toISOString(), expiresAt: old.expiresAt }
    }
    // With a rotated credential the old client may no longer be let in; ask with the new secret.
    oldKey = await (isCredential ? new TokenApiClient(profile.baseUrl, created.secret, deps.clientOptions) : client).getKey(old.id)
  } catch (error) {
    deps.log(`rotation: finishing ${old.id} failed (${error instanceof ApiError ? error.code : 'error'})`)
  }
  const warnings: string[] = []
  if (credentialError !== null) {
    warnings.push(
      `The new key is stored, but it could not be saved as the credential of "${profile.name}", which still uses the old key (${credentialError}). The old key was not revoked and stops working at ${oldEndsAt}: paste the new key in the profile settings before then, or the profile will be locked out.`,
    )
  }
  if (!verified) {
    warnings.push(
      `The new key could not be verified from this machine: ${verifyProblem}${revoked ? ' The old key was revoked as you asked; check that the new key works where it is used.' : ''}`,
    )
  }
  removeEntry(deps, id)
  deps.log(`rotation: ${old.id} → ${created.key.id} done${warnings.length ? ' with warnings' : ''}`)
  return {
    newKey: created.key,
    secret: created.secret,
    stored: true,
    storeError: null,
    oldKey,
    warning: warnings.length ? warnings.join(' ') : null,
    credentialMoved: isCredential && credentialError === null,
  }
}

/** How recovery reaches other providers' rotations (provider-rotation.ts). */
export interface PlanRecovery {
  readonly targetFor: (profileId: string) => RecoveryTarget | null
  readonly scheduler: RevokeScheduler
}

/** The profile data recovery needs. */
export interface RecoveryProfile {
  readonly id: string
  readonly name: string
  readonly baseUrl: string
}

/**
 * Resolves journal entries left by a crash: finishes what can be finished safely and records, in
 * words, what happened. Entries stay (marked interrupted) until the user dismisses them.
 */
export async function recoverRotations(deps: RotationDeps, profiles: readonly RecoveryProfile[], plans?: PlanRecovery): Promise<void> {
  for (const entry of deps.state.journal) {
    if (entry.interrupted?.resolved) continue
    // Other providers' rotations (GitLab's, npm's) run capabilities.rotationPlan's steps: their own recovery.
    if (entry.style !== undefined && entry.style !== 'native-grace') {
      if (plans) await recoverPlanRotation(deps, entry, plans.targetFor(entry.profileId), plans.scheduler)
      continue
    }
    const profile = profiles.find((p) => p.id === entry.profileId)
    const outcome = profile
      ? await checkEntry(deps, entry, profile)
      : { message: `Rotation of "${entry.tokenName}" was interrupted; its profile no longer exists.`, resolved: true }
    deps.log(`rotation: journal entry at step ${entry.step} ${outcome.resolved ? 'resolved' : 'could not be checked'}`)
    setStep(deps, entry.id, { interrupted: { step: entry.interrupted?.step ?? entry.step, message: outcome.message, resolved: outcome.resolved } })
  }
}

async function checkEntry(deps: RotationDeps, entry: JournalEntry, profile: RecoveryProfile): Promise<{ message: string; resolved: boolean }> {
  try {
    return { message: await recoverOne(deps, entry, profile), resolved: true }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return { message: `Rotation of "${entry.tokenName}" was interrupted and Keyward could not check its state yet (it will try again on next start): ${reason}`, resolved: false }
  }
}

async function recoverOne(deps: RotationDeps, entry: JournalEntry, profile: RecoveryProfile): Promise<string> {
  const credential = await deps.vault.get(vaultAccount.credential(profile.id))
  if (!credential) return `Rotation of "${entry.tokenName}" was interrupted and the credential of ${profile.name} is not in the keychain, so Keyward cannot check it.`
  const client = new TokenApiClient(profile.baseUrl, credential, deps.clientOptions)
  let newTokenId = entry.newTokenId
  if (newTokenId === null) {
    // Crashed between the API call and the journal update: find the replacement by name and time.
    newTokenId = findReplacement(await client.listKeys('all'), entry)
    if (newTokenId === null) {
      return `Rotation of "${entry.tokenName}" was interrupted before the Token API rotated it. Nothing changed; the old token still works.`
    }
    setStep(deps, entry.id, { newTokenId })
  }
  const old = await client.getKey(entry.oldTokenId).catch(() => null)
  const oldEnd = old?.revokedAt ?? old?.expiresAt ?? entry.oldEndsAt
  const secret = await deps.vault.get(vaultAccount.token(profile.id, newTokenId))
  if (!secret) {
    return `Rotation of "${entry.tokenName}" was interrupted after the Token API created the new token ${newTokenId} but before its secret was stored, so that secret is lost. The old token ${oldTokenFate(old, oldEnd)}. Rotate it again and revoke ${newTokenId}.`
  }
  // The profile's own credential moves to the new secret before anything may revoke the old one;
  // if that write fails this throws, and the entry stays unresolved with the old key untouched.
  if (entry.isCredential === true && secret !== credential) await deps.vault.set(vaultAccount.credential(profile.id), secret)
  let verified = entry.step === 'verified'
  if (!verified) {
    const me = await new TokenApiClient(profile.baseUrl, secret, deps.clientOptions).me()
    verified = me.key.id === newTokenId
  }
  if (verified && entry.requestedGraceSeconds === 0 && old?.status === 'active') {
    await client.revokeKey(entry.oldTokenId)
    await deps.vault.delete(vaultAccount.token(profile.id, entry.oldTokenId)).catch(() => false)
    return `Rotation of "${entry.tokenName}" was interrupted and has now been completed: the new secret (${newTokenId}) is in the keychain and verified, and the old token was revoked.`
  }
  return `Rotation of "${entry.tokenName}" was interrupted and has now been completed: the new secret (${newTokenId}) is in the keychain${verified ? ' and verified' : ''}. The old token ${oldTokenFate(old, oldEnd)}.`
}

/** The interrupted rotations to show in app:info. */
export function interruptedRotations(state: StateFile): InterruptedRotation[] {
  return state.journal
    .filter((e) => e.interrupted !== null)
    .map((e) => ({
      id: e.id,
      profileId: e.profileId,
      oldTokenId: e.oldTokenId,
      newTokenId: e.newTokenId,
      tokenName: e.tokenName,
      step: e.interrupted?.step ?? e.step,
      startedAt: e.startedAt,
      message: e.interrupted?.message ?? '',
    }))
}
