/**
 * GitLab personal access tokens (doc/api/personal_access_tokens.md, doc/api/user_tokens.md):
 * list, self, rotate (by id or self), revoke, create for the caller, with the PRIVATE-TOKEN header
 * on gitlab.com or a self-managed base URL. GitLab's rotate revokes the old token at once, and
 * rotating an already-revoked token revokes every token of its family: this adapter sends a rotate
 * at most once, never retries it, and refuses to send it for a token it sees is not active.
 */
import { z } from 'zod'
import type { Scope } from '@shared/models'
import type { ProviderToken } from '@shared/providers'
import { invalidCredential, missingPermission, ProviderError } from '../errors'
import { ProviderHttp, type HttpResponse } from '../http'
import type { ConnectOptions, CreatedToken, CreateInput, CredentialLook, Identity, Provider, ProviderDescriptor, ProviderSession, RotateOptions } from '../port'

export const GITLAB_LABEL = 'GitLab'
export const GITLAB_DEFAULT_BASE_URL = 'https://gitlab.com'
/** What POST /user/personal_access_tokens accepts for an ordinary user (user_tokens.md). */
export const GITLAB_CREATE_SCOPES = ['k8s_proxy', 'self_rotate'] as const

const NEVER_RETRY =
  'Keyward sends a GitLab rotation once and never retries it: rotating a token GitLab already revoked makes GitLab revoke every token of its family.'

export const gitlabDescriptor: ProviderDescriptor = {
  id: 'gitlab',
  label: 'GitLab',
  credentialLabel: 'GitLab personal access token',
  defaultBaseUrl: GITLAB_DEFAULT_BASE_URL,
  baseUrlHint: 'https://gitlab.com, or your self-managed GitLab',
  capabilities: {
    list: { available: true, note: null },
    create: {
      available: true,
      note: 'Through the API GitLab lets you create tokens for yourself with the k8s_proxy and self_rotate scopes only; create tokens with other scopes on GitLab’s website.',
    },
    rotate: { available: true, note: `GitLab revokes the old token the moment it issues the new one. ${NEVER_RETRY}` },
    rotateWithGrace: { available: false, reason: 'GitLab revokes the old token at once when it rotates: there is no grace period.' },
    revoke: { available: true, note: null },
    identify: { available: true, note: null },
    lastUsed: { available: true, note: null },
    expiry: { available: true, note: null },
    scopeCatalog: { available: true, note: null },
  },
  rotation: 'native-immediate',
  revokeBy: 'id',
  createStepUp: [],
  inventory: 'remote',
}

/** The scopes of doc/security/tokens/access_token_scopes.md that apply to personal access tokens. */
const SCOPES: Scope[] = [
  { name: 'api', description: 'Complete read and write access to the API, registries and repositories.' },
  { name: 'read_api', description: 'Read access to the API.' },
  { name: 'read_user', description: 'Read your profile through /user.' },
  { name: 'read_repository', description: 'Pull from repositories.' },
  { name: 'write_repository', description: 'Pull from and push to repositories.' },
  { name: 'read_registry', description: 'Pull container images.' },
  { name: 'write_registry', description: 'Push container images.' },
  { name: 'read_virtual_registry', description: 'Pull through the dependency proxy.' },
  { name: 'write_virtual_registry', description: 'Pull, push and delete through the dependency proxy.' },
  { name: 'create_runner', description: 'Create runners.' },
  { name: 'manage_runner', description: 'Manage runners.' },
  { name: 'ai_features', description: 'GitLab Duo APIs.' },
  { name: 'k8s_proxy', description: 'Kubernetes API calls through the agent for Kubernetes.' },
  { name: 'self_rotate', description: 'Rotate this token itself, nothing else.' },
  { name: 'admin_mode', description: 'API actions in Admin Mode (administrators, self-managed).' },
  { name: 'sudo', description: 'Act as any user (administrators).' },
  { name: 'read_service_ping', description: 'Download Service Ping payloads (administrators).' },
]

const wireToken = z.object({
  id: z.number().int().nonnegative(),
  name: z.string(),
  revoked: z.boolean(),
  created_at: z.string(),
  scopes: z.array(z.string()).optional().default([]),
  user_id: z.number().int(),
  last_used_at: z.string().nullish(),
  active: z.boolean(),
  expires_at: z.string().nullish(),
})
type WireToken = z.infer<typeof wireToken>
const withSecret = wireToken.extend({ token: z.string().min(8) })
const wireUser = z.object({ id: z.number().int(), username: z.string() })
const errorBody = z.object({ message: z.unknown(), error: z.string(), error_description: z.string(), scope: z.string() }).partial()

const MAX_PAGES = 1000

function tokenFromWire(t: WireToken): ProviderToken {
  return {
    id: String(t.id),
    name: t.name,
    prefix: 'glpat-',
    hint: '',
    scopes: t.scopes,
    createdAt: t.created_at,
    lastUsed: t.last_used_at ?? null,
    // GitLab's expiry is a date: the token stops working at the start of that day (UTC).
    expiresAt: t.expires_at ? `${t.expires_at.slice(0, 10)}T00:00:00.000Z` : null,
    revokedAt: null,
    status: t.revoked ? 'revoked' : t.active ? 'active' : 'expired',
    allowedIps: [],
  }
}

/** The REST root: a base URL given with or without /api/v4. */
export function gitlabApiRoot(baseUrl: string): string {
  const url = new URL(baseUrl)
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.origin}${path.endsWith('/api/v4') ? path : `${path}/api/v4`}`
}

class GitlabSession implements ProviderSession {
  private readonly http: ProviderHttp
  private self: WireToken | null = null

  constructor(private readonly options: ConnectOptions & { readonly baseUrl: string }) {
    this.http = new ProviderHttp(gitlabApiRoot(options.baseUrl), { 'private-token': options.credential }, [options.credential], options.http)
  }

  private failure(res: HttpResponse, action: string): ProviderError {
    const common = this.http.commonError(res, GITLAB_LABEL)
    if (common) return common
    const body = errorBody.safeParse(res.json)
    const b = body.success ? body.data : {}
    if (res.status === 401) return invalidCredential(GITLAB_LABEL, res.status)
    if (res.status === 403 && b.error === 'insufficient_scope') {
      const scopes = (b.scope ?? '').split(/\s+/).filter(Boolean)
      return missingPermission(GITLAB_LABEL, res.status, scopes, action)
    }
    if (res.status === 403) return missingPermission(GITLAB_LABEL, res.status, [], action)
    if (res.status === 404) return new ProviderError('NOT_FOUND', 'GitLab has no such token (or no personal access token API at this base URL).', res.status)
    const said = b.error ?? (typeof b.message === 'string' ? b.message : undefined)
    return new ProviderError('VALIDATION_FAILED', `GitLab refused to ${action}${said ? `: ${this.http.clean(said)}` : ''}.`, res.status)
  }

  private parse<T>(schema: z.ZodType<T>, res: HttpResponse): T {
    const parsed = schema.safeParse(res.json)
    if (!parsed.success) throw this.http.badResponse('GitLab', res.status)
    return parsed.data
  }

  private async selfToken(): Promise<WireToken> {
    if (this.self) return this.self
    const res = await this.http.request('GET', '/personal_access_tokens/self')
    if (res.status !== 200) throw this.failure(res, 'read this token')
    this.self = this.parse(wireToken, res)
    return this.self
  }

  async identify(): Promise<Identity> {
    const self = await this.selfToken()
    const res = await this.http.request('GET', '/user')
    // A token without read_user/read_api/api still identifies; GitLab just will not name its user.
    let name = `user ${self.user_id}`
    if (res.status === 200) name = this.parse(wireUser, res).username
    else if (res.status !== 403) throw this.failure(res, 'read your user')
    return { account: { id: String(self.user_id), name, environment: null, status: 'active' }, token: tokenFromWire(self) }
  }

  async list(): Promise<ProviderToken[]> {
    const self = await this.selfToken()
    const out: ProviderToken[] = []
    // user_id keeps an administrator's list to their own tokens (GitLab lists the whole instance otherwise).
    let page: string | undefined = '1'
    for (let n = 0; page && n < MAX_PAGES; n++) {
      const res = await this.http.request('GET', `/personal_access_tokens?user_id=${self.user_id}&per_page=100&page=${encodeURIComponent(page)}`)
      if (res.status !== 200) throw this.failure(res, 'list tokens')
      for (const t of this.parse(z.array(wireToken), res)) out.push(tokenFromWire(t))
      page = res.headers['x-next-page'] || undefined
    }
    return out
  }

  async create(input: CreateInput): Promise<CreatedToken> {
    const res = await this.http.request('POST', '/user/personal_access_tokens', {
      body: { name: input.name, scopes: input.scopes, ...(input.expiresAt ? { expires_at: input.expiresAt.slice(0, 10) } : {}) },
    })
    if (res.status !== 201 && res.status !== 200) {
      const error = this.failure(res, 'create this token')
      if (res.status === 400 && input.scopes.some((s) => !(GITLAB_CREATE_SCOPES as readonly string[]).includes(s))) {
        throw new ProviderError('VALIDATION_FAILED', `GitLab creates tokens through the API with the scopes ${GITLAB_CREATE_SCOPES.join(' and ')} only. ${error.message}`, res.status, {
          details: [{ field: 'scopes', message: `only ${GITLAB_CREATE_SCOPES.join(', ')}` }],
        })
      }
      throw error
    }
    const t = this.parse(withSecret, res)
    return { secret: t.token, token: { ...tokenFromWire(t), hint: `…${t.token.slice(-4)}` } }
  }

  /** One POST, never repeated: see NEVER_RETRY. */
  async rotate(tokenId: string, options: RotateOptions): Promise<CreatedToken> {
    const self = await this.selfToken()
    const isSelf = tokenId === String(self.id)
    if (!isSelf) {
      const res = await this.http.request('GET', `/personal_access_tokens/${encodeURIComponent(tokenId)}`)
      if (res.status !== 200) throw this.failure(res, 'read this token')
      const target = this.parse(wireToken, res)
      if (target.revoked || !target.active) {
        throw new ProviderError('KEY_NOT_ACTIVE', `This token is ${target.revoked ? 'revoked' : 'expired'}, so Keyward does not ask GitLab to rotate it: GitLab would revoke every token of its family.`, 409)
      }
    }
    const path = `/personal_access_tokens/${isSelf ? 'self' : encodeURIComponent(tokenId)}/rotate`
    const res = await this.http.request('POST', path, { body: options.expiresAt ? { expires_at: options.expiresAt.slice(0, 10) } : {} })
    if (res.status === 401 && !isSelf) {
      throw new ProviderError('KEY_NOT_ACTIVE', `GitLab refused to rotate this token: it is expired, revoked or not yours. ${NEVER_RETRY}`, res.status)
    }
    if (res.status !== 200 && res.status !== 201) throw this.failure(res, 'rotate this token')
    if (isSelf) this.self = null
    const t = this.parse(withSecret, res)
    return { secret: t.token, token: { ...tokenFromWire(t), hint: `…${t.token.slice(-4)}` } }
  }

  async revoke(target: { readonly id: string }): Promise<void> {
    const res = await this.http.request('DELETE', `/personal_access_tokens/${encodeURIComponent(target.id)}`)
    if (res.status !== 204 && res.status !== 200) throw this.failure(res, 'revoke this token')
  }

  async scopes(): Promise<Scope[]> {
    return SCOPES
  }
}

function looksLike(credential: string): CredentialLook {
  const c = credential.trim()
  if (/^glpat-[0-9A-Za-z_.-]{20,}$/.test(c)) return { match: 'yes', kind: 'GitLab personal access token', environments: null }
  // Other GitLab token kinds (deploy gldt-, runner glrt-, trigger glptt-…) are not personal access tokens.
  if (/^gl[a-z]{1,6}-/.test(c)) return { match: 'no' }
  return { match: 'unknown' }
}

export const gitlabProvider: Provider = {
  descriptor: gitlabDescriptor,
  looksLike,
  connect: (options) => new GitlabSession({ ...options, baseUrl: options.baseUrl ?? GITLAB_DEFAULT_BASE_URL }),
}
