/**
 * npm registry tokens: `GET/POST /-/npm/v1/tokens`, `DELETE /-/npm/v1/tokens/token/{key}`,
 * `GET /-/whoami`, on npmjs or any registry that speaks them (Verdaccio). Creating needs the
 * account password and, when the registry answers 401 with `www-authenticate: OTP`, a one-time
 * password in the `npm-otp` header: both come per call and are never kept. npm has no rotate
 * endpoint; core rotates by create → store → verify (identify with the new token) → revoke.
 */
import { z } from 'zod'
import type { Scope } from '@shared/models'
import { PROVIDER_TOKEN_ID_RE, type ProviderToken } from '@shared/providers'
import { invalidCredential, missingPermission, notSupported, otpRequired, ProviderError } from '../errors'
import { ProviderHttp, type HttpResponse } from '../http'
import { absentReason, type ConnectOptions, type CreatedToken, type CreateInput, type CredentialLook, type Provider, type ProviderDescriptor, type ProviderSession, type StepUp } from '../port'

export const NPM_LABEL = 'npm registry'
export const NPM_DEFAULT_BASE_URL = 'https://registry.npmjs.org'

export const npmDescriptor: ProviderDescriptor = {
  id: 'npm',
  label: 'npm registry',
  credentialLabel: 'npm access token',
  defaultBaseUrl: NPM_DEFAULT_BASE_URL,
  baseUrlHint: 'https://registry.npmjs.org, or your private registry',
  capabilities: {
    list: { available: true, note: null },
    create: {
      available: true,
      note: 'npm asks for your account password, and a one-time password if you use two-factor authentication. Keyward uses them for this request only and stores neither.',
    },
    rotate: { available: false, reason: 'npm has no rotate endpoint: Keyward creates a new token, then revokes the old one.' },
    rotateWithGrace: {
      available: false,
      reason: 'npm cannot keep an old token alive for a while: Keyward keeps the grace period itself and revokes the old token when it ends (at the next start if Keyward was closed).',
    },
    revoke: { available: true, note: null },
    identify: { available: true, note: null },
    lastUsed: { available: false, reason: 'npm does not say when a token was last used.' },
    expiry: { available: true, note: 'npmjs reports expiry dates; private registries such as Verdaccio may not.' },
    scopeCatalog: { available: true, note: 'A token is read-only or may publish; finer permissions are set on the registry’s website.' },
  },
  rotation: 'create-then-revoke',
  revokeBy: 'id',
  createStepUp: ['password', 'otp'],
  inventory: 'remote',
}

const SCOPES: Scope[] = [
  { name: 'read-only', description: 'Install packages, never publish.' },
  { name: 'publish', description: 'Install and publish packages.' },
]

/** A token in a list: Verdaccio sends `cidr`, npmjs `cidr_whitelist` plus `name`, `expires` when it has them. */
const wireToken = z.object({
  token: z.string(),
  key: z.string().regex(PROVIDER_TOKEN_ID_RE),
  readonly: z.boolean().optional().default(false),
  created: z.string(),
  name: z.string().nullish(),
  expires: z.string().nullish(),
  cidr_whitelist: z.array(z.string()).nullish(),
  cidr: z.array(z.string()).nullish(),
})
type WireToken = z.infer<typeof wireToken>
const listPage = z.object({ objects: z.array(z.unknown()), urls: z.object({ next: z.string().nullish() }).partial().optional() })
const whoami = z.object({ username: z.string().min(1) })
const errorBody = z.object({ error: z.string().optional(), message: z.string().optional() }).partial()

const MAX_PAGES = 1000

function tokenFromWire(w: WireToken, now: Date): ProviderToken {
  const expired = w.expires ? Date.parse(w.expires) <= now.getTime() : false
  return {
    id: w.key,
    name: w.name || `npm token ${w.key.slice(0, 6)}`,
    prefix: w.token.startsWith('npm_') ? 'npm_' : '',
    hint: w.token,
    scopes: [w.readonly ? 'read-only' : 'publish'],
    createdAt: w.created,
    lastUsed: null,
    expiresAt: w.expires ?? null,
    revokedAt: null,
    status: expired ? 'expired' : 'active',
    allowedIps: w.cidr_whitelist ?? w.cidr ?? [],
  }
}

/** True when a list entry's masked token (`abcde...vwxyz`, `npm_1f…`) is this secret's. */
export function displayMatches(display: string, secret: string): boolean {
  const [head = '', tail] = display.split(/\.\.\.|…/)
  if (head.length < 4 || !secret.startsWith(head)) return false
  return tail === undefined || tail.length === 0 || secret.endsWith(tail)
}

function authChallenge(res: HttpResponse): string[] {
  return (res.headers['www-authenticate'] ?? '').split(/,\s*/).map((s) => s.trim().toLowerCase())
}

class NpmSession implements ProviderSession {
  private readonly http: ProviderHttp

  constructor(
    private readonly options: ConnectOptions & { readonly baseUrl: string },
    private readonly now: () => Date,
  ) {
    this.http = new ProviderHttp(options.baseUrl, { authorization: `Bearer ${options.credential}` }, [options.credential], options.http)
  }

  /** Errors for calls made with the token alone (whoami, list, revoke). */
  private failure(res: HttpResponse, action: string, secrets: readonly string[] = []): ProviderError {
    const common = this.http.commonError(res, NPM_LABEL)
    if (common) return common
    const body = errorBody.safeParse(res.json)
    const said = body.success ? (body.data.error ?? body.data.message) : undefined
    if (res.status === 401 && authChallenge(res).includes('ipaddress')) {
      return new ProviderError('IP_NOT_ALLOWED', 'This npm token may not be used from this network address (its CIDR allowlist).', res.status)
    }
    if (res.status === 401) return invalidCredential(NPM_LABEL, res.status)
    if (res.status === 403) return missingPermission(NPM_LABEL, res.status, [], action)
    if (res.status === 404) return new ProviderError('NOT_FOUND', `${this.http.host} has no such token, or no npm token API (check the base URL).`, res.status)
    const detail = said ? `: ${this.http.clean(said, secrets)}` : ''
    return new ProviderError('VALIDATION_FAILED', `The npm registry refused to ${action}${detail}.`, res.status)
  }

  async identify() {
    const res = await this.http.request('GET', '/-/whoami')
    if (res.status !== 200) throw this.failure(res, 'say who this token belongs to')
    // Verdaccio answers an unknown token with 200 and no username: that is an invalid token too.
    const who = whoami.safeParse(res.json)
    if (!who.success) throw invalidCredential(NPM_LABEL, res.status)
    const name = who.data.username
    const tokens = await this.list().catch(() => [])
    const mine = tokens.filter((t) => displayMatches(t.hint, this.options.credential))
    return { account: { id: name, name, environment: null, status: 'active' as const }, token: mine.length === 1 ? (mine[0] ?? null) : null }
  }

  async list(): Promise<ProviderToken[]> {
    const out: ProviderToken[] = []
    let path: string | null = '/-/npm/v1/tokens'
    for (let page = 0; path !== null && page < MAX_PAGES; page++) {
      const res = await this.http.request('GET', path)
      if (res.status !== 200) throw this.failure(res, 'list tokens')
      const parsed = listPage.safeParse(res.json)
      if (!parsed.success) throw this.http.badResponse('an npm registry', res.status)
      for (const raw of parsed.data.objects) {
        const t = wireToken.safeParse(raw)
        if (!t.success) throw this.http.badResponse('an npm registry', res.status)
        out.push(tokenFromWire(t.data, this.now()))
      }
      path = this.nextPath(parsed.data.urls?.next ?? null)
    }
    return out
  }

  /** `urls.next` may be absolute or relative; only the registry's own origin is followed. */
  private nextPath(next: string | null): string | null {
    if (!next) return null
    const base = new URL(this.options.baseUrl)
    const url = new URL(next, `${base.origin}${base.pathname.replace(/\/?$/, '/')}`)
    if (url.origin !== base.origin) return null
    const basePath = base.pathname.replace(/\/+$/, '')
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname
    return `${path}${url.search}`
  }

  async create(input: CreateInput, stepUp: StepUp = {}): Promise<CreatedToken> {
    if (!stepUp.password) {
      throw new ProviderError('INVALID_REQUEST', 'npm needs your account password to create a token.', 0, { details: [{ field: 'password', message: 'required' }] })
    }
    const secrets = [stepUp.password, ...(stepUp.otp ? [stepUp.otp] : [])]
    const readonly = input.scopes.includes('read-only') && !input.scopes.includes('publish')
    const days = input.expiresAt ? Math.max(1, Math.ceil((Date.parse(input.expiresAt) - this.now().getTime()) / 86_400_000)) : undefined
    const res = await this.http.request('POST', '/-/npm/v1/tokens', {
      body: { password: stepUp.password, readonly, ...(input.name ? { name: input.name } : {}), ...(days !== undefined ? { expires: days } : {}) },
      headers: stepUp.otp ? { 'npm-otp': stepUp.otp } : {},
      secrets,
    })
    if (res.status === 401) throw await this.createRefusal(res, stepUp)
    if (res.status !== 200 && res.status !== 201) throw this.failure(res, 'create a token', secrets)
    const created = wireToken.extend({ token: z.string().min(8) }).safeParse(res.json)
    if (!created.success) throw this.http.badResponse('an npm registry', res.status)
    const secret = created.data.token
    const token = tokenFromWire(created.data, this.now())
    // The create answer holds the whole secret; what the list later shows is masked. Keep only the end here.
    return { secret, token: { ...token, name: created.data.name || input.name || token.name, hint: `…${secret.slice(-4)}` } }
  }

  /** A 401 on create: one-time password wanted, network refused, the password wrong, or the token itself dead. */
  private async createRefusal(res: HttpResponse, stepUp: StepUp): Promise<ProviderError> {
    const challenge = authChallenge(res)
    const text = JSON.stringify(res.json ?? '')
    if (challenge.includes('otp') || /one-time pass/i.test(text)) return otpRequired(NPM_LABEL, Boolean(stepUp.otp))
    if (challenge.includes('ipaddress')) return this.failure(res, 'create a token')
    const who = await this.http.request('GET', '/-/whoami').catch(() => null)
    if (who?.status === 200 && whoami.safeParse(who.json).success) {
      return new ProviderError('PASSWORD_REJECTED', 'The npm registry did not accept that password. Enter the password of the account this token belongs to.', 401, {
        details: [{ field: 'password', message: 'not accepted' }],
      })
    }
    return invalidCredential(NPM_LABEL, 401)
  }

  async rotate(): Promise<CreatedToken> {
    throw notSupported(absentReason(npmDescriptor, 'rotate') ?? 'npm cannot rotate tokens.')
  }

  async revoke(target: { readonly id: string }): Promise<void> {
    const res = await this.http.request('DELETE', `/-/npm/v1/tokens/token/${encodeURIComponent(target.id)}`)
    if (res.status < 200 || res.status >= 300) throw this.failure(res, 'revoke this token')
  }

  async scopes(): Promise<Scope[]> {
    return SCOPES
  }
}

function looksLike(credential: string): CredentialLook {
  const c = credential.trim()
  if (/^npm_[0-9A-Za-z]{36}$/.test(c)) return { match: 'yes', kind: 'npm access token', environments: null }
  return { match: 'unknown' }
}

/** The npm provider; `now` is injectable for expiry tests. */
export function createNpmProvider(now: () => Date = () => new Date()): Provider {
  return {
    descriptor: npmDescriptor,
    looksLike,
    connect: (options) => new NpmSession({ ...options, baseUrl: options.baseUrl ?? NPM_DEFAULT_BASE_URL }, now),
  }
}

export const npmProvider = createNpmProvider()
