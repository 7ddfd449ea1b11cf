/**
 * Rotation for providers other than the Token API's native grace (core/rotation.ts keeps that
 * one): the steps of capabilities.rotationPlan, journalled so a crash at any step is found and
 * resolved at the next start.
 *
 * - native-immediate (GitLab): the provider's rotate, sent once — GitLab revokes the old token at
 *   once, and rotating a token it already revoked revokes every token of its family, so recovery
 *   never sends it again: it looks the new token up by name.
 * - create-then-revoke (npm): create → store → verify (identify with the new secret) → revoke the
 *   old token now, or when the grace period Keyward keeps itself ends (`revokeOldAt` in the
 *   journal): then, or at the next start if the app was closed.
 */
import type { ApiKey } from '../shared/models'
import type { CreatedToken, StepUp } from './providers/port'
import { KeywardError } from './errors'
import type { JournalEntry } from './persistence/state-file'
import type { RotationPlan } from './providers/capabilities'
import { ProviderError } from './providers/errors'
import type { Provider, ProviderSession } from './providers/port'
import { verifyNewCredential } from './providers/steps'
import { beginRotation, removeEntry, setStep, type RotationDeps, type RotationOutcome } from './rotation'
import { vaultAccount } from './vault'

/** What a rotation needs of its profile. */
export interface RotationProfile {
  readonly id: string
  readonly name: string
  readonly baseUrl: string
  /** The account the credential identified as; the new secret must identify as the same. */
  readonly account: { readonly id: string } | null
}

/** Connects to the profile's provider with a secret (the credential, or a new token's). */
export type Connect = (secret: string) => ProviderSession

export interface PlanRun {
  readonly provider: Provider
  readonly profile: RotationProfile
  readonly connect: Connect
  /** The profile's credential now (the old token's session when the old token is the credential). */
  readonly credential: string
  readonly old: ApiKey
  readonly plan: RotationPlan
  readonly isCredential: boolean
  readonly stepUp: StepUp
  readonly expiresAt: string | null
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error))
const kind = (error: unknown) => (error instanceof KeywardError ? error.code : 'error')

/** Runs a native-immediate or create-then-revoke plan. The caller has checked confirmation and the plan. */
export async function rotateByPlan(deps: RotationDeps, run: PlanRun): Promise<RotationOutcome> {
  const { provider, profile, old, plan } = run
  const label = provider.descriptor.label
  const { id } = await beginRotation(deps, {
    profileId: profile.id,
    old,
    requestedGraceSeconds: plan.graceSeconds,
    isCredential: run.isCredential,
    plan: { style: provider.descriptor.rotation, revokeOldAt: null },
  })

  const session = run.connect(run.credential)
  let created: CreatedToken
  try {
    created = plan.steps[0] === 'rotate' ? await session.rotate(old.id, { graceSeconds: 0, expiresAt: run.expiresAt }) : await session.create({ name: old.name, scopes: old.scopes, expiresAt: run.expiresAt }, run.stepUp)
  } catch (error) {
    if (!(error instanceof ProviderError) || !error.unreachable) {
      // Refused (a one-time password wanted, a permission missing…): nothing was issued.
      removeEntry(deps, id)
      throw error
    }
    // The answer was lost: a token may have been issued. Never sent again; the next start looks it up by name.
    const message = `Keyward could not tell whether ${label} issued the new token. It will look for it by name at the next start and never sends the request again.`
    setStep(deps, id, { interrupted: { step: 'started', message, resolved: false } })
    throw new KeywardError(error.code, `${error.message} ${message}`)
  }
  const immediate = plan.steps[0] === 'rotate'
  deps.faults?.after('rotated')

  try {
    await deps.vault.set(vaultAccount.token(profile.id, created.token.id), created.secret)
  } catch (error) {
    const oldNote = immediate ? `${label} already revoked the old token.` : 'The old token was not revoked and keeps working.'
    const storeError = `The new secret is NOT stored in the keychain — copy it now, it will not be shown again. ${oldNote}${run.isCredential ? ` Paste the new secret in the settings of "${profile.name}".` : ''} (${reason(error)})`
    removeEntry(deps, id)
    deps.log(`rotation: ${old.id} → ${created.token.id} issued, secret not stored`)
    const oldKey: ApiKey = immediate ? { ...old, status: 'revoked', revokedAt: deps.now().toISOString() } : old
    return { newKey: created.token as ApiKey, secret: created.secret, stored: false, storeError, oldKey, warning: null, credentialMoved: false }
  }
  let credentialError: string | null = null
  if (run.isCredential) {
    try {
      await deps.vault.set(vaultAccount.credential(profile.id), created.secret)
    } catch (error) {
      credentialError = reason(error)
      deps.log(`rotation: could not update the credential of ${profile.id} (${kind(error)})`)
    }
  }
  setStep(deps, id, { step: 'stored', newTokenId: created.token.id })
  deps.faults?.after('stored')

  let verifyProblem: string | null = null
  try {
    await verifyNewCredential(provider, { baseUrl: profile.baseUrl === '' ? null : profile.baseUrl, credential: created.secret }, profile.account?.id ?? (await session.identify().catch(() => null))?.account.id ?? '')
    setStep(deps, id, { step: 'verified' })
    deps.faults?.after('verified')
  } catch (error) {
    verifyProblem = reason(error)
    deps.log(`rotation: verifying ${created.token.id} failed (${kind(error)})`)
  }

  const warnings: string[] = []
  if (credentialError !== null) {
    warnings.push(
      immediate
        ? `The new token is stored, but it could not be saved as the credential of "${profile.name}" (${credentialError}), and ${label} already revoked the old one: paste the new token in the profile settings.`
        : `The new token is stored, but it could not be saved as the credential of "${profile.name}" (${credentialError}), so the old token was not revoked: paste the new token in the profile settings, then revoke the old one.`,
    )
  }
  if (verifyProblem !== null) warnings.push(`The new token could not be verified from this machine: ${verifyProblem}`)

  let oldKey: ApiKey = old
  if (immediate) {
    // The provider revoked the old token when it issued the new one.
    oldKey = { ...old, status: 'revoked', revokedAt: deps.now().toISOString() }
    await deps.vault.delete(vaultAccount.token(profile.id, old.id)).catch(() => false)
    removeEntry(deps, id)
  } else if (verifyProblem !== null || credentialError !== null) {
    // Without a working replacement, revoking the old token would cut off whoever uses it.
    warnings.push('The old token was not revoked: revoke it once the new one works.')
    removeEntry(deps, id)
  } else if (plan.graceSeconds > 0) {
    const revokeOldAt = new Date(deps.now().getTime() + plan.graceSeconds * 1000).toISOString()
    setStep(deps, id, { revokeOldAt, oldEndsAt: revokeOldAt })
    oldKey = { ...old, successorId: created.token.id, expiresAt: earlier(old.expiresAt, revokeOldAt) }
  } else {
    try {
      await revokeOld(deps, run.connect, profile, old.id, run.isCredential ? created.secret : run.credential)
      oldKey = { ...old, status: 'revoked', revokedAt: deps.now().toISOString() }
    } catch (error) {
      warnings.push(`The old token could not be revoked (${reason(error)}): revoke it yourself.`)
    }
    removeEntry(deps, id)
  }
  deps.log(`rotation: ${old.id} → ${created.token.id} done${warnings.length ? ' with warnings' : ''}`)
  return {
    newKey: created.token as ApiKey,
    secret: created.secret,
    stored: true,
    storeError: null,
    oldKey,
    warning: warnings.length ? warnings.join(' ') : null,
    credentialMoved: run.isCredential && credentialError === null,
  }
}

function earlier(a: string | null, b: string): string {
  return a !== null && Date.parse(a) < Date.parse(b) ? a : b
}

/** Revokes the old token and drops its secret: it opens nothing any more. A token already gone counts as revoked. */
async function revokeOld(deps: RotationDeps, connect: Connect, profile: RotationProfile, oldTokenId: string, credential: string): Promise<void> {
  try {
    await connect(credential).revoke({ id: oldTokenId })
  } catch (error) {
    if (!(error instanceof ProviderError && error.code === 'NOT_FOUND')) throw error
  }
  await deps.vault.delete(vaultAccount.token(profile.id, oldTokenId)).catch(() => false)
}

/** Everything recovery needs to reach a profile's provider. */
export interface RecoveryTarget {
  readonly provider: Provider
  readonly profile: RotationProfile
  readonly connect: Connect
}

/** A scheduled revoke whose time has come: carried out with the profile's credential now. */
export async function carryOutScheduledRevoke(deps: RotationDeps, entry: JournalEntry, target: RecoveryTarget): Promise<void> {
  const credential = await deps.vault.get(vaultAccount.credential(target.profile.id))
  if (!credential) throw new KeywardError('SECRET_NOT_STORED', `The credential of "${target.profile.name}" is not in the keychain.`)
  await revokeOld(deps, target.connect, target.profile, entry.oldTokenId, credential)
  removeEntry(deps, entry.id)
  deps.log(`rotation: grace period of ${entry.oldTokenId} ended, revoked`)
}

/**
 * An entry left by a crash: finishes what can be finished safely and says what happened. Never
 * sends a rotate or create again; a token issued with its answer lost is looked up by name.
 */
export async function recoverPlanEntry(deps: RotationDeps, entry: JournalEntry, target: RecoveryTarget): Promise<string> {
  const { provider, profile } = target
  const label = provider.descriptor.label
  const immediate = entry.style === 'native-immediate'
  const credential = await deps.vault.get(vaultAccount.credential(profile.id))
  if (!credential) return `Rotation of "${entry.tokenName}" was interrupted and the credential of ${profile.name} is not in the keychain, so Keyward cannot check it.`
  let newTokenId = entry.newTokenId
  if (newTokenId === null) {
    const since = Date.parse(entry.startedAt) - 5000
    const tokens = await target.connect(credential).list()
    const issued = tokens.filter((t) => t.id !== entry.oldTokenId && t.status === 'active' && t.name === entry.tokenName && (t.createdAt === null || Date.parse(t.createdAt) >= since))
    newTokenId = issued[0]?.id ?? null
    const old = tokens.find((t) => t.id === entry.oldTokenId)
    if (newTokenId === null) {
      return `Rotation of "${entry.tokenName}" was interrupted before ${label} issued a new token. ${old?.status === 'active' ? 'Nothing changed; the old token still works.' : 'The old token no longer works: create a new one.'}`
    }
    setStep(deps, entry.id, { newTokenId })
    const oldNote = immediate ? ` ${label} revoked the old token when it issued the new one.` : ' The old token was not revoked.'
    return `Rotation of "${entry.tokenName}" was interrupted after ${label} issued the new token ${newTokenId}, before its secret was stored, so that secret is lost.${oldNote} Rotate or revoke ${newTokenId} in Keyward.`
  }
  const secret = await deps.vault.get(vaultAccount.token(profile.id, newTokenId))
  if (!secret) return `Rotation of "${entry.tokenName}" was interrupted before the secret of the new token ${newTokenId} was stored, so it is lost. Revoke ${newTokenId} and rotate again.`
  // The credential moves to the new secret before anything may revoke the old one.
  if (entry.isCredential === true && secret !== credential) await deps.vault.set(vaultAccount.credential(profile.id), secret)
  if (entry.step !== 'verified') await verifyNewCredential(provider, { baseUrl: profile.baseUrl === '' ? null : profile.baseUrl, credential: secret }, profile.account?.id ?? (await target.connect(credential).identify()).account.id)
  if (immediate) {
    await deps.vault.delete(vaultAccount.token(profile.id, entry.oldTokenId)).catch(() => false)
    return `Rotation of "${entry.tokenName}" was interrupted and has now been completed: the new secret (${newTokenId}) is in the keychain and verified; ${label} revoked the old token.`
  }
  if (entry.requestedGraceSeconds > 0) {
    const revokeOldAt = entry.revokeOldAt ?? new Date(Date.parse(entry.startedAt) + entry.requestedGraceSeconds * 1000).toISOString()
    setStep(deps, entry.id, { step: 'verified', revokeOldAt, oldEndsAt: revokeOldAt })
    return `Rotation of "${entry.tokenName}" was interrupted and has now been completed: the new secret (${newTokenId}) is in the keychain and verified. Keyward revokes the old token at ${revokeOldAt}.`
  }
  await revokeOld(deps, target.connect, profile, entry.oldTokenId, entry.isCredential === true ? secret : credential)
  return `Rotation of "${entry.tokenName}" was interrupted and has now been completed: the new secret (${newTokenId}) is in the keychain and verified, and the old token was revoked.`
}

/**
 * Carries out grace periods Keyward keeps itself: each scheduled revoke fires when its grace ends
 * (timers do not keep the process alive); one whose time passed while the app was closed runs at
 * the next start (recoverPlanRotation). A revoke that fails stays in the journal for the next start.
 */
export class RevokeScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(
    private readonly deps: RotationDeps,
    private readonly targetFor: (profileId: string) => RecoveryTarget | null,
  ) {}

  schedule(entry: JournalEntry): void {
    if (!entry.revokeOldAt) return
    this.cancel(entry.id)
    const ms = Math.min(Math.max(0, Date.parse(entry.revokeOldAt) - this.deps.now().getTime()), 2 ** 31 - 1)
    const timer = setTimeout(() => void this.fire(entry.id), ms)
    timer.unref?.()
    this.timers.set(entry.id, timer)
  }

  /** Runs the revoke now; resolves when it is done or has failed (logged). */
  async fire(id: string): Promise<void> {
    this.timers.delete(id)
    const entry = this.deps.state.journal.find((e) => e.id === id)
    if (!entry?.revokeOldAt) return
    const target = this.targetFor(entry.profileId)
    if (!target) {
      removeEntry(this.deps, id)
      return
    }
    try {
      await carryOutScheduledRevoke(this.deps, entry, target)
    } catch (error) {
      this.deps.log(`rotation: revoking ${entry.oldTokenId} after its grace period failed (${kind(error)}); tried again at the next start`)
    }
  }

  cancel(id: string): void {
    const t = this.timers.get(id)
    if (t) clearTimeout(t)
    this.timers.delete(id)
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
  }
}

/** At start: a rotation of this kind left in the journal — a grace to carry out or schedule, or a crash to resolve. */
export async function recoverPlanRotation(deps: RotationDeps, entry: JournalEntry, target: RecoveryTarget | null, scheduler: RevokeScheduler): Promise<void> {
  if (!target) {
    setStep(deps, entry.id, { revokeOldAt: null, interrupted: { step: entry.step, message: `Rotation of "${entry.tokenName}" was interrupted; its profile no longer exists.`, resolved: true } })
    return
  }
  if (entry.revokeOldAt && entry.interrupted === null) {
    if (Date.parse(entry.revokeOldAt) <= deps.now().getTime()) await scheduler.fire(entry.id)
    else scheduler.schedule(entry)
    return
  }
  let message: string
  let resolved = true
  try {
    message = await recoverPlanEntry(deps, entry, target)
  } catch (error) {
    message = `Rotation of "${entry.tokenName}" was interrupted and Keyward could not check its state yet (it will try again on next start): ${reason(error)}`
    resolved = false
  }
  deps.log(`rotation: journal entry at step ${entry.step} ${resolved ? 'resolved' : 'could not be checked'}`)
  const after = deps.state.journal.find((e) => e.id === entry.id)
  if (resolved && after?.revokeOldAt) {
    // Completed with its grace still running: nothing to tell, the revoke is scheduled as usual.
    deps.log(`rotation: ${entry.oldTokenId} is revoked at the end of its grace period`)
    await recoverPlanRotation(deps, after, target, scheduler)
    return
  }
  setStep(deps, entry.id, { interrupted: { step: entry.interrupted?.step ?? entry.step, message, resolved } })
}
