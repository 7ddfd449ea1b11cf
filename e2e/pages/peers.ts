/**
 * The providers' peers as specs reach them: Verdaccio (started once in the global setup, reached by
 * URL), and the GitLab and GitHub fakes of the test tree (started by the spec that uses them).
 */
import { randomBytes } from 'node:crypto'
import { request } from 'undici'

export const VERDACCIO_URL_ENV = 'KEYWARD_E2E_VERDACCIO_URL'

export function verdaccioUrl(): string {
  const url = process.env[VERDACCIO_URL_ENV]
  if (!url) throw new Error(`${VERDACCIO_URL_ENV} is not set: Verdaccio starts in e2e/global-setup.ts`)
  return url
}

export interface NpmUser {
  readonly name: string
  readonly password: string
  /** The token Verdaccio logs the new user in with: what a user pastes as the profile's credential. */
  readonly token: string
}

/** A fresh Verdaccio user (`PUT /-/user/org.couchdb.user:<name>`), with a password no other test shares. */
export async function addNpmUser(prefix: string): Promise<NpmUser> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`
  const password = `pw-${randomBytes(12).toString('base64url')}`
  const res = await request(`${verdaccioUrl()}/-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  })
  const body = (await res.body.json()) as { token?: string; error?: string }
  if (res.statusCode !== 201 || !body.token) throw new Error(`Verdaccio refused user ${name}: HTTP ${res.statusCode} ${body.error ?? ''}`)
  return { name, password, token: body.token }
}

export interface OtpGate {
  /** The registry URL a profile uses: Verdaccio behind a two-factor check. */
  readonly url: string
  /** One-time passwords the gate accepted, in order. */
  readonly accepted: string[]
  close(): Promise<void>
}

/**
 * npmjs with two-factor authentication, as far as token creation goes: in front of Verdaccio,
 * `POST /-/npm/v1/tokens` without a valid `npm-otp` header answers 401 with `www-authenticate: OTP`
 * (npm's documented challenge); everything else, and a create with the right code, reaches Verdaccio.
 * The code is `otp` (a test's authenticator), good once.
 */
export async function startOtpGate(otp: () => string): Promise<OtpGate> {
  const { createServer } = await import('node:http')
  const target = verdaccioUrl()
  const accepted: string[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const creating = req.method === 'POST' && (req.url ?? '').startsWith('/-/npm/v1/tokens')
        const code = req.headers['npm-otp']
        if (creating && (typeof code !== 'string' || code !== otp() || accepted.includes(code))) {
          res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'OTP' })
          res.end(JSON.stringify({ error: 'This operation requires a one-time password from your authenticator.' }))
          return
        }
        if (creating && typeof code === 'string') accepted.push(code)
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'npm-otp', 'content-length'].includes(k))) as Record<string, string>
        const upstream = await request(`${target}${req.url ?? '/'}`, {
          method: req.method as 'GET',
          headers,
          body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        })
        const body = Buffer.from(await upstream.body.arrayBuffer())
        const out = Object.fromEntries(Object.entries(upstream.headers).filter(([k]) => !['transfer-encoding', 'connection', 'content-length'].includes(k)))
        res.writeHead(upstream.statusCode, out as Record<string, string>)
        res.end(body)
      })().catch((error: unknown) => {
        res.writeHead(502)
        res.end(String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}`, accepted, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
