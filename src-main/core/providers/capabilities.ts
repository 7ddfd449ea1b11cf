/**
 * What core and the UI offer for a provider, derived from its descriptor alone (never its name):
 * the actions a profile and a token have, each with why it is absent or what the user must know,
 * the steps a rotation takes, and the warnings a pasted credential raises. Pure.
 */
import type { Environment } from '@shared/models'
import type { ProviderDescriptor, ProviderToken, StepUpKind } from '@shared/providers'
import { notSupported } from './errors'
import type { Provider } from './port'

export type ProfileAction = 'list' | 'create'
export type TokenAction = 'rotate' | 'revoke'

/** One action as the UI shows it: present or absent, and the one line a user reads beside it. */
export interface ActionState<A extends string> {
  readonly action: A
  readonly available: boolean
  /** The button's words ("Rotate", "Replace secret", "Forget"). */
  readonly label: string
  /** Absent: why. Present: what the user must know before doing it, or null. */
  readonly text: string | null
  /** Input the dialog asks for (npm create: password, then a one-time password when asked). */
  readonly stepUp: readonly StepUpKind[]
}

function capabilityText(d: ProviderDescriptor, c: keyof ProviderDescriptor['capabilities']): { available: boolean; text: string | null } {
  const s = d.capabilities[c]
  return s.available ? { available: true, text: s.note } : { available: false, text: s.reason }
}

/** The profile-level actions: list (kept by Keyward for providers without a list endpoint) and create. */
export function profileActions(d: ProviderDescriptor): ActionState<ProfileAction>[] {
  const list = capabilityText(d, 'list')
  const create = capabilityText(d, 'create')
  return [
    // A local inventory is still a list: Keyward's own. The reason says where it comes from.
    { action: 'list', available: list.available || d.inventory === 'local', label: 'Tokens', text: list.text, stepUp: [] },
    { action: 'create', available: create.available, label: 'Create token', text: create.text, stepUp: create.available ? d.createStepUp : [] },
  ]
}

export interface TokenContext {
  /** The token is the profile's own credential: revoking it locks the profile out. */
  readonly isCredential: boolean
  /** Its secret is in the keychain (providers that revoke by value need it). */
  readonly secretStored: boolean
}

function rotateAction(d: ProviderDescriptor, token: ProviderToken): ActionState<TokenAction> {
  const rotate = capabilityText(d, 'rotate')
  const base = { action: 'rotate' as const, stepUp: [] as StepUpKind[] }
  switch (d.rotation) {
    case 'none':
      return { ...base, available: false, label: 'Rotate', text: rotate.text }
    case 'replace-secret':
      // Replacing is how an expired entered secret is renewed, so it stays offered.
      return { ...base, available: true, label: 'Replace secret', text: rotate.text }
    case 'native-grace':
    case 'native-immediate':
    case 'create-then-revoke': {
      if (token.status !== 'active') {
        const why = d.rotation === 'native-immediate' ? ` ${rotate.text ?? ''}`.trimEnd() : ''
        return { ...base, available: false, label: 'Rotate', text: `This token is ${token.status}: Keyward does not rotate it.${why}` }
      }
      const stepUp = d.rotation === 'create-then-revoke' ? d.createStepUp : []
      return { ...base, available: true, label: 'Rotate', text: rotate.text, stepUp }
    }
  }
}

function revokeAction(d: ProviderDescriptor, token: ProviderToken, ctx: TokenContext): ActionState<TokenAction> {
  const revoke = capabilityText(d, 'revoke')
  const label = d.revokeBy === 'forget' ? 'Forget' : 'Revoke'
  const base = { action: 'revoke' as const, label, stepUp: [] as StepUpKind[] }
  if (!revoke.available) return { ...base, available: false, text: revoke.text }
  if (token.status === 'revoked') return { ...base, available: false, text: 'This token is already revoked.' }
  if (d.revokeBy === 'secret' && !ctx.secretStored) {
    return { ...base, available: false, text: `${d.label} revokes a token only when given the token itself, and Keyward does not have this one in the keychain.` }
  }
  const lockout = ctx.isCredential && d.revokeBy !== 'forget' ? 'This is the profile’s own credential: revoking it locks the profile out until you give it another.' : null
  return { ...base, available: true, text: [revoke.text, lockout].filter(Boolean).join(' ') || null }
}

/** The actions of one token, following the provider's capabilities and the token's state. */
export function tokenActions(d: ProviderDescriptor, token: ProviderToken, ctx: TokenContext): ActionState<TokenAction>[] {
  return [rotateAction(d, token), revokeAction(d, token, ctx)]
}

/** The steps core journals for one rotation, in order. */
export type RotationStep =
  /** the provider's rotate endpoint (old token kept for a grace, or revoked at once) */
  | 'rotate'
  /** create a new token (create-then-revoke) */
  | 'create'
  | 'store'
  /** identify with the new secret: the same account */
  | 'verify'
  | 'revoke-old'
  /** persist "revoke the old token at <time>" in the rotation journal, carried out then or at the next start */
  | 'schedule-revoke-old'
  /** any secret: the new secret replaces the old in the keychain */
  | 'replace-secret'

export interface RotationPlan {
  readonly steps: readonly RotationStep[]
  /** Grace the user gets: the old token keeps working this long after the new one is stored. */
  readonly graceSeconds: number
  /** What to ask the provider's rotate for (native-grace): the user's grace, or a safety grace Keyward ends itself. */
  readonly providerGraceSeconds: number
  readonly graceKeptBy: 'provider' | 'keyward' | null
  /** Whether a failed rotate/create may be sent again. Never, for any provider today. */
  readonly retry: false
  readonly stepUp: readonly StepUpKind[]
  /** What the dialog says before the user confirms. */
  readonly notices: readonly string[]
}

/**
 * The rotation of a token at this provider with the grace the user asked for. `safetyGraceSeconds`
 * is what a native-grace provider is asked for when the user wants none, so the old token survives
 * until the new one is safely stored (core's SAFETY_GRACE_SECONDS).
 */
export function rotationPlan(d: ProviderDescriptor, requestedGraceSeconds: number, safetyGraceSeconds: number): RotationPlan {
  const grace = Math.max(0, Math.floor(requestedGraceSeconds))
  const note = (c: 'rotate' | 'rotateWithGrace') => {
    const s = d.capabilities[c]
    return s.available ? s.note : s.reason
  }
  const notices = (...texts: Array<string | null>) => texts.filter((t): t is string => Boolean(t))
  switch (d.rotation) {
    case 'none':
      throw notSupported(note('rotate') ?? `Keyward cannot rotate ${d.label} tokens.`)
    case 'replace-secret':
      return { steps: ['replace-secret'], graceSeconds: 0, providerGraceSeconds: 0, graceKeptBy: null, retry: false, stepUp: [], notices: notices(note('rotate')) }
    case 'native-grace':
      return {
        steps: grace === 0 ? ['rotate', 'store', 'verify', 'revoke-old'] : ['rotate', 'store', 'verify'],
        graceSeconds: grace,
        providerGraceSeconds: grace === 0 ? safetyGraceSeconds : grace,
        graceKeptBy: 'provider',
        retry: false,
        stepUp: [],
        notices: notices(note('rotate'), grace > 0 ? note('rotateWithGrace') : null),
      }
    case 'native-immediate':
      return {
        steps: ['rotate', 'store', 'verify'],
        graceSeconds: 0,
        providerGraceSeconds: 0,
        graceKeptBy: null,
        retry: false,
        stepUp: [],
        notices: notices(note('rotate'), grace > 0 ? note('rotateWithGrace') : null),
      }
    case 'create-then-revoke':
      return {
        steps: grace === 0 ? ['create', 'store', 'verify', 'revoke-old'] : ['create', 'store', 'verify', 'schedule-revoke-old'],
        graceSeconds: grace,
        providerGraceSeconds: 0,
        graceKeptBy: grace === 0 ? null : 'keyward',
        retry: false,
        stepUp: d.createStepUp,
        notices: notices(note('rotate'), grace > 0 ? note('rotateWithGrace') : null),
      }
  }
}

const listEnvironments = (envs: readonly Environment[]) => envs.join(' or ')
/** "a GitLab token", "an OpenAI API key", "an npm access token" (said en-pee-em). */
const withArticle = (kind: string) => `${/^(npm|[aeiou])/i.test(kind) ? 'an' : 'a'} ${kind}`

/**
 * Offline warnings for a credential pasted into a profile: it looks like another provider's, or
 * like another environment's (a live key on a dev profile). `all` is every provider (the registry).
 */
export function credentialWarnings(provider: Provider, environment: Environment, credential: string, all: readonly Provider[]): string[] {
  const d = provider.descriptor
  const own = provider.looksLike(credential)
  const warnings: string[] = []
  if (own.match === 'yes' && own.environments && !own.environments.includes(environment)) {
    warnings.push(`This looks like ${withArticle(own.kind)}, which is for ${listEnvironments(own.environments)}, but the profile is marked ${environment}.`)
  }
  // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent — this provider's own look is `own`, which either ends the suggestions or is not a match.
  const others = all.filter((p) => p.descriptor.id !== d.id).flatMap((p) => {
    const look = p.looksLike(credential)
    return look.match === 'yes' ? [{ p, kind: look.kind }] : []
  })
  // A provider that can check credentials itself outranks a guess from one that cannot.
  const suggest = own.match === 'yes' && d.capabilities.identify.available ? [] : others.filter((o) => own.match !== 'yes' || o.p.descriptor.capabilities.identify.available)
  for (const o of suggest) {
    warnings.push(
      d.capabilities.identify.available
        ? `This looks like ${withArticle(o.kind)}, not the ${d.credentialLabel} this profile expects. Pick the ${o.p.descriptor.label} provider for it.`
        : `This looks like ${withArticle(o.kind)}: ${withArticle(o.p.descriptor.label)} profile lets Keyward check it with ${o.p.descriptor.label}${o.p.descriptor.capabilities.list.available ? ' and list its tokens' : ''}.`,
    )
  }
  if (own.match === 'no' && suggest.length === 0) warnings.push(`This does not look like the ${d.credentialLabel} this profile expects.`)
  return warnings
}
