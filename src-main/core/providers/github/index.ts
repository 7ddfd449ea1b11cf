/**
 * GitHub tokens, validate and watch: GitHub has no API to list, create or rotate personal access
 * tokens. Keyward keeps the token, reads `GET /user` for the login, the classic token's scopes
 * (X-OAuth-Scopes) and its expiry (GitHub-Authentication-Token-Expiration), and revokes through
 * `POST /credentials/revoke`, sent without authentication as GitHub requires.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Scope } from '@shared/models'
import type { ProviderToken } from '@shared/providers'
import { invalidCredential, missingPermission, notSupported, ProviderError, rateLimited, retryAfterSeconds } from '../errors'
import { ProviderHttp, type HttpResponse } from '../http'
import { absentReason, type ConnectOptions, type CreatedToken, type CredentialLook, type Identity, type Provider, type ProviderDescriptor, type ProviderSession, type RevokeTarget } from '../port'

export const GITHUB_LABEL = 'GitHub'
export const GITHUB_DEFAULT_BASE_URL = 'https://api.github.com'

export const githubDescriptor: ProviderDescriptor = {
  id: 'github',
  label: 'GitHub',
  credentialLabel: 'GitHub personal access token',
  defaultBaseUrl: GITHUB_DEFAULT_BASE_URL,
  baseUrlHint: 'https://api.github.com, or https://<your-host>/api/v3 for GitHub Enterprise Server',
  capabilities: {
    list: { available: false, reason: 'GitHub has no API to list personal access tokens: Keyward lists the GitHub tokens you added.' },
    create: { available: false, reason: 'GitHub has no API to create personal access tokens: create one on GitHub, then add it here.' },
    rotate: { available: false, reason: 'GitHub has no API to rotate personal access tokens: regenerate it on GitHub, add the new value with Add token, then revoke the old one.' },
    rotateWithGrace: { available: false, reason: 'GitHub has no rotation, so no grace period either.' },
    revoke: {
      available: true,
      note: 'GitHub revokes a token sent to its credential-revocation endpoint, without signing in; Keyward sends it from the keychain. GitHub emails the owner, and the token cannot be restored.',
    },
    identify: { available: true, note: null },
    lastUsed: { available: false, reason: 'GitHub does not tell when a token was last used.' },
    expiry: { available: true, note: 'GitHub reports the expiry of tokens that have one.' },
    scopeCatalog: {
      available: false,
      reason: 'Scopes are chosen on GitHub when the token is made; Keyward shows a classic token’s scopes, fine-grained tokens report none.',
    },
  },
  rotation: 'none',
  revokeBy: 'secret',
  createStepUp: [],
  inventory: 'local',
}

const user = z.object({ login: z.string().min(1), id: z.number().int() })

const KINDS: ReadonlyArray<{ readonly re: RegExp; readonly prefix: string; readonly kind: string }> = [
  { re: /^github_pat_[0-9A-Za-z_]{60,}$/, prefix: 'github_pat_', kind: 'GitHub fine-grained personal access token' },
  { re: /^ghp_[0-9A-Za-z]{36}$/, prefix: 'ghp_', kind: 'GitHub personal access token (classic)' },
  { re: /^gho_[0-9A-Za-z]{36}$/, prefix: 'gho_', kind: 'GitHub OAuth token' },
  { re: /^ghu_[0-9A-Za-z]{36}$/, prefix: 'ghu_', kind: 'GitHub App user token' },
  { re: /^ghs_[0-9A-Za-z]{36}$/, prefix: 'ghs_', kind: 'GitHub App installation token' },
  { re: /^ghr_[0-9A-Za-z]{36,}$/, prefix: 'ghr_', kind: 'GitHub refresh token' },
]

/** `YYYY-MM-DD HH:MM:SS UTC` (or a ±HHMM offset) → ISO; null when absent or unreadable. */
export function parseGithubExpiry(header: string | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (UTC|[+-]\d{4})$/.exec((header ?? '').trim())
  if (!m) return null
  const zone = m[3] === 'UTC' ? 'Z' : `${m[3]?.slice(0, 3)}:${m[3]?.slice(3)}`
  const t = Date.parse(`${m[1]}T${m[2]}${zone}`)
  return Number.isNaN(t) ? null : new Date(t).toISOString()
}

/** GitHub tokens have no id Keyward can read: a digest of the secret names it (the secret itself cannot be recovered from it). */
export function githubTokenId(secret: string): string {
  return `gh-${createHash('sha256').update(secret).digest('hex').slice(0, 24)}`
}

class GithubSession implements ProviderSession {
  private readonly http: ProviderHttp

  constructor(
    private readonly options: ConnectOptions & { readonly baseUrl: string },
    private readonly now: () => Date,
  ) {
    this.http = new ProviderHttp(
      options.baseUrl,
      { authorization: `Bearer ${options.credential}` },
      [options.credential],
      options.http,
      { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'Keyward' },
    )
  }

  private failure(res: HttpResponse, action: string): ProviderError {
    // Primary rate limit: 403 (or 429) with x-ratelimit-remaining 0 and the reset time in epoch seconds.
    if ((res.status === 403 || res.status === 429) && res.headers['x-ratelimit-remaining'] === '0') {
      const reset = Number(res.headers['x-ratelimit-reset'])
      const seconds = Number.isFinite(reset) ? Math.max(0, Math.ceil(reset - this.now().getTime() / 1000)) : undefined
      return rateLimited(this.http.host, res.status, seconds)
    }
    // Secondary rate limits come with Retry-After.
    if ((res.status === 403 || res.status === 429) && res.headers['retry-after'] !== undefined) {
      return rateLimited(this.http.host, res.status, retryAfterSeconds(res.headers['retry-after'], this.now()))
    }
    const common = this.http.commonError(res, GITHUB_LABEL)
    if (common) return common
    if (res.status === 401) return invalidCredential(GITHUB_LABEL, res.status)
    if (res.status === 403) {
      const accepted = (res.headers['x-accepted-oauth-scopes'] ?? '').split(',').map((s) => s.trim()).filter(Boolean)
      return missingPermission(GITHUB_LABEL, res.status, accepted, action)
    }
    const said = (res.json as { message?: unknown } | null)?.message
    return new ProviderError('VALIDATION_FAILED', `GitHub refused to ${action}${typeof said === 'string' ? `: ${this.http.clean(said)}` : ''}.`, res.status)
  }

  async identify(): Promise<Identity> {
    const res = await this.http.request('GET', '/user')
    if (res.status !== 200) throw this.failure(res, 'say who this token belongs to')
    const parsed = user.safeParse(res.json)
    if (!parsed.success) throw this.http.badResponse('GitHub', res.status)
    const secret = this.options.credential.trim()
    const kind = KINDS.find((k) => k.re.test(secret))
    const scopesHeader = res.headers['x-oauth-scopes']
    const expiresAt = parseGithubExpiry(res.headers['github-authentication-token-expiration'])
    const token: ProviderToken = {
      id: githubTokenId(secret),
      name: `${parsed.data.login} on ${this.http.host}`,
      prefix: kind?.prefix ?? '',
      hint: `…${secret.slice(-4)}`,
      scopes: scopesHeader ? scopesHeader.split(',').map((s) => s.trim()).filter(Boolean) : [],
      createdAt: null,
      lastUsed: null,
      expiresAt,
      revokedAt: null,
      status: expiresAt && Date.parse(expiresAt) <= this.now().getTime() ? 'expired' : 'active',
      allowedIps: [],
    }
    return { account: { id: String(parsed.data.id), name: parsed.data.login, environment: null, status: 'active' }, token }
  }

  async list(): Promise<ProviderToken[]> {
    throw notSupported(absentReason(githubDescriptor, 'list') ?? '')
  }

  async create(): Promise<CreatedToken> {
    throw notSupported(absentReason(githubDescriptor, 'create') ?? '')
  }

  async rotate(): Promise<CreatedToken> {
    throw notSupported(absentReason(githubDescriptor, 'rotate') ?? '')
  }

  /** POST /credentials/revoke with the token itself and no Authorization header (authenticated calls get 403). */
  async revoke(target: RevokeTarget): Promise<void> {
    if (!target.secret) {
      throw new ProviderError('SECRET_NOT_STORED', 'GitHub revokes a token only when given the token itself, and Keyward does not have this one in the keychain.', 0)
    }
    const res = await this.http.request('POST', '/credentials/revoke', { auth: false, body: { credentials: [target.secret] }, secrets: [target.secret] })
    if (res.status !== 202 && res.status !== 200) throw this.failure(res, 'revoke this token')
  }

  async scopes(): Promise<Scope[]> {
    throw notSupported(absentReason(githubDescriptor, 'scopeCatalog') ?? '')
  }
}

function looksLike(credential: string): CredentialLook {
  const c = credential.trim()
  const kind = KINDS.find((k) => k.re.test(c))
  if (kind) return { match: 'yes', kind: kind.kind, environments: null }
  return { match: 'unknown' }
}

/** The GitHub provider; `now` is injectable for expiry and rate-limit tests. */
export function createGithubProvider(now: () => Date = () => new Date()): Provider {
  return {
    descriptor: githubDescriptor,
    looksLike,
    connect: (options) => new GithubSession({ ...options, baseUrl: options.baseUrl ?? GITHUB_DEFAULT_BASE_URL }, now),
  }
}

export const githubProvider = createGithubProvider()
