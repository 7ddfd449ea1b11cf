/**
 * A fake of the two GitHub REST endpoints Keyward uses, from GitHub's docs: `GET /user` (Bearer;
 * X-OAuth-Scopes for classic tokens, GitHub-Authentication-Token-Expiration when the token expires,
 * rate-limit headers) and `POST /credentials/revoke` (unauthenticated only; 403 when authenticated).
 * Its bodies are checked against @octokit/openapi's description in fake-github.test.ts.
 * `prefix` mounts it like GitHub Enterprise Server (`/api/v3`).
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeGithubToken {
  readonly login: string
  readonly userId: number
  /** Classic tokens have scopes (sent in X-OAuth-Scopes); fine-grained ones have none (null: header absent). */
  readonly scopes: readonly string[] | null
  readonly expiresAt: Date | null
  revoked: boolean
}

export interface FakeGithub {
  /** The base URL a profile uses (with the prefix). */
  readonly url: string
  readonly tokens: Map<string, FakeGithubToken>
  /** Every response body the fake sent, with its route and status, for schema checks. */
  readonly sent: Array<{ readonly route: 'GET /user' | 'POST /credentials/revoke'; readonly status: number; readonly body: unknown }>
  /** Every request: method, path, whether it carried an Authorization header, its body. */
  readonly requests: Array<{ readonly method: string; readonly path: string; readonly authenticated: boolean; readonly body: string }>
  /** The next request answers like GitHub's primary rate limit (403, x-ratelimit-remaining: 0). */
  exhaustRateLimit(resetInSeconds: number): void
  close(): Promise<void>
}

const DOCS = 'https://docs.github.com/rest'

/** `YYYY-MM-DD HH:MM:SS UTC`, as GitHub writes token expiry. */
export function githubExpiryHeader(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

function privateUser(login: string, id: number, base: string) {
  const api = `${base}/users/${login}`
  return {
    login,
    id,
    user_view_type: 'private',
    node_id: Buffer.from(`04:User${id}`).toString('base64'),
    avatar_url: `https://avatars.example/u/${id}`,
    gravatar_id: '',
    url: api,
    html_url: `https://github.example/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: 'User',
    site_admin: false,
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    notification_email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 3,
    public_gists: 0,
    followers: 1,
    following: 2,
    created_at: '2020-01-02T03:04:05Z',
    updated_at: '2026-01-02T03:04:05Z',
    private_gists: 0,
    total_private_repos: 1,
    owned_private_repos: 1,
    disk_usage: 1024,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976562499, private_repos: 10000, collaborators: 0 },
  }
}

/** Starts the fake on 127.0.0.1 under `prefix` ('' for api.github.com, '/api/v3' for Enterprise Server). */
export async function startFakeGithub(options: { readonly prefix?: string; readonly now?: () => Date } = {}): Promise<FakeGithub> {
  const prefix = options.prefix ?? ''
  const now = options.now ?? (() => new Date())
  const tokens = new Map<string, FakeGithubToken>()
  const sent: FakeGithub['sent'] = []
  const requests: FakeGithub['requests'] = []
  let exhausted: number | null = null
  let base = ''

  const send = (res: ServerResponse, route: FakeGithub['sent'][number]['route'] | null, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (route) sent.push({ route, status, body })
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    res.end(JSON.stringify(body))
  }

  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      const auth = req.headers.authorization
      requests.push({ method: req.method ?? '', path, authenticated: auth !== undefined, body: raw })
      const rest = path.startsWith(prefix) ? path.slice(prefix.length) : null
      const resetAt = Math.floor(now().getTime() / 1000) + 3600
      const rate = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(resetAt), 'x-ratelimit-used': '1', 'x-ratelimit-resource': 'core' }
      if (exhausted !== null) {
        const reset = Math.floor(now().getTime() / 1000) + exhausted
        exhausted = null
        const route = rest === '/user' ? 'GET /user' : rest === '/credentials/revoke' ? 'POST /credentials/revoke' : null
        return send(res, route, 403, { message: 'API rate limit exceeded for user ID 1.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`, status: '403' }, {
          ...rate,
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        })
      }
      if (req.method === 'GET' && rest === '/user') {
        const secret = auth?.replace(/^(Bearer|token)\s+/i, '')
        const t = secret ? tokens.get(secret) : undefined
        if (!auth) return send(res, 'GET /user', 401, { message: 'Requires authentication', documentation_url: `${DOCS}/users/users#get-the-authenticated-user`, status: '401' })
        if (!t || t.revoked || (t.expiresAt && t.expiresAt <= now())) return send(res, 'GET /user', 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' })
        return send(res, 'GET /user', 200, privateUser(t.login, t.userId, base), {
          ...rate,
          ...(t.scopes ? { 'x-oauth-scopes': t.scopes.join(', '), 'x-accepted-oauth-scopes': '' } : {}),
          ...(t.expiresAt ? { 'github-authentication-token-expiration': githubExpiryHeader(t.expiresAt) } : {}),
        })
      }
      if (req.method === 'POST' && rest === '/credentials/revoke') {
        // "Any authenticated requests will return a 403."
        if (auth) return send(res, 'POST /credentials/revoke', 403, { message: 'Must not be authenticated', documentation_url: `${DOCS}/credentials/revoke`, status: '403' })
        let credentials: unknown
        try {
          credentials = (JSON.parse(raw) as { credentials?: unknown }).credentials
        } catch {
          credentials = undefined
        }
        if (!Array.isArray(credentials) || credentials.length < 1 || credentials.length > 1000 || credentials.some((c) => typeof c !== 'string')) {
          return send(res, 'POST /credentials/revoke', 422, { message: 'Invalid request.', documentation_url: `${DOCS}/credentials/revoke`, errors: ['credentials must be a list of 1 to 1000 strings'] })
        }
        for (const c of credentials as string[]) {
          const t = tokens.get(c)
          if (t) t.revoked = true
        }
        return send(res, 'POST /credentials/revoke', 202, {})
      }
      return send(res, null, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  base = `http://127.0.0.1:${port}${prefix}`
  return {
    url: base,
    tokens,
    sent,
    requests,
    exhaustRateLimit(seconds) {
      exhausted = seconds
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
