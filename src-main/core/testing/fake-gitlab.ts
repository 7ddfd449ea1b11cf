/**
 * A stateful fake of GitLab's personal access token API, written from GitLab's own docs
 * (doc/api/personal_access_tokens.md, doc/api/user_tokens.md, doc/security/tokens/access_token_scopes.md):
 * list with filters and offset pagination headers (X-Page, X-Per-Page, X-Total, X-Total-Pages,
 * X-Next-Page, X-Prev-Page, Link), self, rotate (old token revoked at once; rotating a revoked token
 * revokes every active token of its family), revoke, create for the caller (k8s_proxy and
 * self_rotate only), GET /user. No GitLab can run here; @gitbeaker/rest proves the wire shapes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'

export interface FakeGitlabUser {
  readonly id: number
  readonly username: string
  readonly name: string
}

export interface FakeGitlabToken {
  id: number
  name: string
  description: string | null
  scopes: string[]
  user_id: number
  created_at: string
  last_used_at: string | null
  expires_at: string | null
  revoked: boolean
  family: number
  secret: string
}

export interface FakeGitlab {
  readonly url: string
  readonly tokens: Map<number, FakeGitlabToken>
  /** Every request as method + path (no headers: they carry tokens). */
  readonly requests: string[]
  addUser(username: string): FakeGitlabUser
  /** Seeds a token as if the user made it on GitLab's website; returns its secret. */
  issue(userId: number, input: { name: string; scopes: string[]; expiresAt?: string | null }): { id: number; secret: string }
  /** The next `count` requests answer 429 with this Retry-After. */
  rateLimitNext(retryAfterSeconds: number, count?: number): void
  /** The next request to a path containing `fragment` answers with this status and no change. */
  failNext(fragment: string, status: number): void
  close(): Promise<void>
}

const CREATE_SCOPES = new Set(['k8s_proxy', 'self_rotate'])
const API_PREFIX = '/api/v4'

function secretFor(): string {
  return `glpat-${randomBytes(15).toString('base64url').replace(/[^0-9A-Za-z]/g, 'x').slice(0, 20)}`
}

const isoDate = (d: Date): string => d.toISOString().slice(0, 10)

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(body === undefined ? '' : JSON.stringify(body))
}
const unauthorized = (res: ServerResponse) => send(res, 401, { message: '401 Unauthorized' })
const insufficient = (res: ServerResponse, scopes: string[]) =>
  send(
    res,
    403,
    { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: scopes.join(' ') },
    { 'www-authenticate': `Bearer realm="Protected by OAuth 2.0", error="insufficient_scope", scope="${scopes.join(' ')}"` },
  )
const has = (t: FakeGitlabToken, ...scopes: string[]) => scopes.some((s) => t.scopes.includes(s))

/** Offset pagination as GitLab sends it: the page, and X-* and Link headers. */
function paginate(req: URL, res: ServerResponse, items: unknown[]) {
  const perPage = Math.min(100, Math.max(1, Number(req.searchParams.get('per_page') ?? 20) || 20))
  const page = Math.max(1, Number(req.searchParams.get('page') ?? 1) || 1)
  const totalPages = Math.max(1, Math.ceil(items.length / perPage))
  const link = (p: number) => {
    const u = new URL(req.toString())
    u.searchParams.set('page', String(p))
    u.searchParams.set('per_page', String(perPage))
    return u.toString()
  }
  const links = [
    ...(page < totalPages ? [`<${link(page + 1)}>; rel="next"`] : []),
    ...(page > 1 ? [`<${link(page - 1)}>; rel="prev"`] : []),
    `<${link(1)}>; rel="first"`,
    `<${link(totalPages)}>; rel="last"`,
  ]
  send(res, 200, items.slice((page - 1) * perPage, page * perPage), {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-total': String(items.length),
    'x-total-pages': String(totalPages),
    'x-next-page': page < totalPages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
    link: links.join(', '),
  })
}

/** Users, tokens and the documented rules, apart from HTTP plumbing. */
class GitlabState {
  readonly users = new Map<number, FakeGitlabUser>()
  readonly tokens = new Map<number, FakeGitlabToken>()
  private nextUser = 1
  private nextToken = 1

  constructor(private readonly now: () => Date) {}

  addUser(username: string): FakeGitlabUser {
    const u = { id: this.nextUser++, username, name: username }
    this.users.set(u.id, u)
    return u
  }

  expired(t: FakeGitlabToken): boolean {
    return t.expires_at !== null && t.expires_at < isoDate(this.now())
  }

  view(t: FakeGitlabToken) {
    return {
      id: t.id,
      name: t.name,
      revoked: t.revoked,
      created_at: t.created_at,
      description: t.description,
      scopes: t.scopes,
      user_id: t.user_id,
      last_used_at: t.last_used_at,
      active: !t.revoked && !this.expired(t),
      expires_at: t.expires_at,
    }
  }

  mint(userId: number, name: string, scopes: string[], expiresAt: string | null, family: number | null, description: string | null = null): FakeGitlabToken {
    const id = this.nextToken++
    const t: FakeGitlabToken = { id, name, description, scopes, user_id: userId, created_at: this.now().toISOString(), last_used_at: null, expires_at: expiresAt, revoked: false, family: family ?? id, secret: secretFor() }
    this.tokens.set(id, t)
    return t
  }

  authenticate(req: IncomingMessage): FakeGitlabToken | null {
    const header = req.headers['private-token'] ?? req.headers.authorization?.replace(/^Bearer\s+/i, '')
    const secret = Array.isArray(header) ? header[0] : header
    const t = [...this.tokens.values()].find((x) => x.secret === secret)
    if (!t || t.revoked || this.expired(t)) return null
    t.last_used_at = this.now().toISOString()
    return t
  }

  /** Rotate per the docs: refuse dead tokens (revoking the family of a revoked one), else revoke and reissue. */
  rotate(res: ServerResponse, caller: FakeGitlabToken, target: FakeGitlabToken | undefined, body: Record<string, unknown>) {
    if (!target || target.user_id !== caller.user_id) return unauthorized(res)
    if (target.revoked) {
      for (const t of this.tokens.values()) if (t.family === target.family) t.revoked = true
      return unauthorized(res)
    }
    if (this.expired(target)) return unauthorized(res)
    const expiresAt = typeof body.expires_at === 'string' ? body.expires_at : isoDate(new Date(this.now().getTime() + 7 * 86_400_000))
    target.revoked = true
    const fresh = this.mint(target.user_id, target.name, [...target.scopes], expiresAt, target.family, target.description)
    send(res, 200, { ...this.view(fresh), token: fresh.secret })
  }

  list(url: URL, res: ServerResponse, caller: FakeGitlabToken) {
    if (!has(caller, 'api', 'read_api')) return insufficient(res, ['api', 'read_api'])
    const userId = url.searchParams.get('user_id')
    if (userId !== null && Number(userId) !== caller.user_id) return unauthorized(res)
    const state = url.searchParams.get('state')
    const revoked = url.searchParams.get('revoked')
    const items = [...this.tokens.values()]
      .filter((t) => t.user_id === caller.user_id)
      .map((t) => this.view(t))
      .filter((t) => (state === 'active' ? t.active : state === 'inactive' ? !t.active : true))
      .filter((t) => (revoked === null ? true : String(t.revoked) === revoked))
    paginate(url, res, items)
  }

  create(res: ServerResponse, caller: FakeGitlabToken, body: Record<string, unknown>) {
    if (!has(caller, 'api')) return insufficient(res, ['api'])
    const name = typeof body.name === 'string' ? body.name : ''
    const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : []
    if (!name) return send(res, 400, { error: 'name is missing' })
    if (scopes.length === 0 || scopes.some((s) => !CREATE_SCOPES.has(s))) return send(res, 400, { error: 'scopes does not have a valid value' })
    const expiresAt = typeof body.expires_at === 'string' ? body.expires_at : null
    const t = this.mint(caller.user_id, name, scopes, expiresAt, null, typeof body.description === 'string' ? body.description : null)
    send(res, 201, { ...this.view(t), token: t.secret })
  }

  /** `/personal_access_tokens/:id|self` and its `/rotate`. */
  one(req: IncomingMessage, res: ServerResponse, caller: FakeGitlabToken, match: RegExpExecArray, body: Record<string, unknown>) {
    const isSelf = match[1] === 'self'
    const target = isSelf ? caller : this.tokens.get(Number(match[1]))
    if (match[2] && req.method === 'POST') {
      if (isSelf ? !has(caller, 'api', 'self_rotate') : !has(caller, 'api')) return insufficient(res, isSelf ? ['api', 'self_rotate'] : ['api'])
      return this.rotate(res, caller, target, body)
    }
    if (!match[2] && req.method === 'GET') {
      if (!target || target.user_id !== caller.user_id) return unauthorized(res)
      return send(res, 200, this.view(target))
    }
    if (!match[2] && req.method === 'DELETE') {
      if (!isSelf && !has(caller, 'api')) return insufficient(res, ['api'])
      if (!target || target.user_id !== caller.user_id) return unauthorized(res)
      if (target.revoked) return send(res, 400, { message: '400 Bad request - Token already revoked' })
      target.revoked = true
      res.writeHead(204)
      return res.end()
    }
    send(res, 405, { message: '405 Method Not Allowed' })
  }

  route(req: IncomingMessage, res: ServerResponse, url: URL, body: Record<string, unknown>) {
    const path = url.pathname.slice(API_PREFIX.length)
    const caller = this.authenticate(req)
    if (!caller) return unauthorized(res)
    if (req.method === 'GET' && path === '/user') {
      if (!has(caller, 'api', 'read_api', 'read_user')) return insufficient(res, ['api', 'read_api', 'read_user'])
      const user = this.users.get(caller.user_id)
      return send(res, 200, { id: user?.id, username: user?.username, name: user?.name, state: 'active' })
    }
    if (req.method === 'GET' && path === '/personal_access_tokens') return this.list(url, res, caller)
    const one = /^\/personal_access_tokens\/(self|\d+)(\/rotate)?$/.exec(path)
    if (one) return this.one(req, res, caller, one, body)
    if (req.method === 'POST' && path === '/user/personal_access_tokens') return this.create(res, caller, body)
    send(res, 404, { message: '404 Not Found' })
  }
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> | null {
  if (!raw) return {}
  try {
    return (contentType ?? '').includes('json') ? (JSON.parse(raw) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw))
  } catch {
    return null
  }
}

/** Starts the fake on 127.0.0.1; `now` drives expiry and last_used_at. */
export async function startFakeGitlab(now: () => Date = () => new Date()): Promise<FakeGitlab> {
  const state = new GitlabState(now)
  const requests: string[] = []
  let rateLimit: { seconds: number; count: number } | null = null
  const failures: Array<{ fragment: string; status: number }> = []

  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
      requests.push(`${req.method} ${url.pathname}${url.search}`)
      if (rateLimit && rateLimit.count > 0) {
        rateLimit.count--
        return send(res, 429, { message: 'Retry later' }, { 'retry-after': String(rateLimit.seconds) })
      }
      const failure = failures.findIndex((f) => url.pathname.includes(f.fragment))
      if (failure >= 0) {
        const [f] = failures.splice(failure, 1)
        return send(res, f?.status ?? 500, { message: `${f?.status} injected` })
      }
      if (!url.pathname.startsWith(API_PREFIX)) return send(res, 404, { message: '404 Not Found' })
      const body = parseBody(raw, req.headers['content-type'])
      if (body === null) return send(res, 400, { error: 'body is not valid JSON' })
      state.route(req, res, url, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    tokens: state.tokens,
    requests,
    addUser: (username) => state.addUser(username),
    issue(userId, input) {
      const t = state.mint(userId, input.name, input.scopes, input.expiresAt ?? null, null)
      return { id: t.id, secret: t.secret }
    },
    rateLimitNext(seconds, count = 1) {
      rateLimit = { seconds, count }
    },
    failNext(fragment, status) {
      failures.push({ fragment, status })
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
