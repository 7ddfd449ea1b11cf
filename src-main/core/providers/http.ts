/**
 * The HTTP every provider adapter shares: the Token API client's undici pool per origin (deadline,
 * retries of idempotent requests on 429/5xx honouring a short Retry-After), plus what providers
 * need beyond it — any auth header, the full response for provider-specific error mapping, and
 * redaction so no credential, password or one-time password reaches a log line or an error.
 */
import type { Dispatcher } from 'undici'
import { DEFAULT_DEADLINE_MS, dispatcherFor, transportError, type ClientOptions } from '../api-client'
import { ProviderError, rateLimited, retryAfterSeconds } from './errors'
import { serverProblemMessage } from '../http-failure'

export interface ProviderHttpOptions extends ClientOptions {
  /** Receives one line per request: method, host, path, status, duration. Never a header or body. */
  readonly log?: (line: string) => void
}

export interface HttpResponse {
  readonly status: number
  /** Lower-case names, first value only. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** Parsed JSON body; null for an empty body; undefined when the body was not JSON. */
  readonly json: unknown
}

export interface RequestOptions {
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** Send the session's auth header (default true; GitHub's revoke must go without). */
  readonly auth?: boolean
  /** Secrets sent in this request besides the credential (password, one-time password), redacted everywhere. */
  readonly secrets?: readonly string[]
}

const REDACTED = '[redacted]'

/** Replaces every occurrence of each secret (4+ characters) in `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED)
  return out
}

function firstHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = Array.isArray(v) ? v[0] : v
  return out
}

/** An HTTP session bound to one base URL and one auth header. */
export class ProviderHttp {
  readonly host: string
  private readonly origin: string
  private readonly basePath: string
  private readonly dispatcher: Dispatcher
  private readonly deadlineMs: number

  constructor(
    baseUrl: string,
    private readonly authHeader: Readonly<Record<string, string>>,
    /** The credential(s) behind authHeader: redacted from logs and errors. */
    private readonly secrets: readonly string[],
    private readonly options: ProviderHttpOptions = {},
    /** Sent with every request, signed in or not (GitHub wants a user agent and its media type). */
    private readonly defaultHeaders: Readonly<Record<string, string>> = {},
  ) {
    const url = new URL(baseUrl)
    this.origin = url.origin
    this.basePath = url.pathname.replace(/\/+$/, '')
    this.host = url.host
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS
    this.dispatcher = dispatcherFor(this.origin, options)
  }

  /** Redacts this session's secrets and `extra` from a text meant for a user or a log. */
  clean(text: string, extra: readonly string[] = []): string {
    return redact(text, [...this.secrets, ...extra])
  }

  /** One request; any HTTP status comes back as a response, transport failures as a ProviderError. */
  async request(method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    const started = Date.now()
    const secrets = opts.secrets ?? []
    let res: Dispatcher.ResponseData
    try {
      res = await this.dispatcher.request({
        origin: this.origin,
        path: this.basePath + path,
        method,
        headers: {
          accept: 'application/json',
          ...this.defaultHeaders,
          ...(opts.auth === false ? {} : this.authHeader),
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        signal: AbortSignal.timeout(this.deadlineMs),
        headersTimeout: this.deadlineMs,
        bodyTimeout: this.deadlineMs,
      })
    } catch (error) {
      this.options.log?.(this.clean(`${method} ${this.host}${path} failed (${Date.now() - started} ms)`, secrets))
      const api = transportError(error, this.host, this.deadlineMs)
      throw new ProviderError(api.kind === 'Timeout' ? 'TIMEOUT' : 'NETWORK', this.clean(api.message, secrets), 0)
    }
    let text: string
    try {
      text = await res.body.text()
    } catch (error) {
      const api = transportError(error, this.host, this.deadlineMs)
      throw new ProviderError(api.kind === 'Timeout' ? 'TIMEOUT' : 'NETWORK', this.clean(api.message, secrets), 0)
    }
    this.options.log?.(this.clean(`${method} ${this.host}${path} → ${res.statusCode} (${Date.now() - started} ms)`, secrets))
    let json: unknown
    if (text.length === 0) json = null
    else {
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
    }
    return { status: res.statusCode, headers: firstHeaders(res.headers), json }
  }

  /** The failures every provider answers alike: rate limits and server errors; null for the rest. */
  commonError(res: HttpResponse, providerLabel: string): ProviderError | null {
    if (res.status === 429) return rateLimited(this.host, res.status, retryAfterSeconds(res.headers['retry-after']))
    if (res.status >= 500) return new ProviderError('SERVER', serverProblemMessage(providerLabel, this.host, res.status), res.status)
    return null
  }

  /** The body did not have the shape the provider documents: most often a wrong base URL. */
  badResponse(providerLabel: string, status: number): ProviderError {
    return new ProviderError('SERVER', `${this.host} did not answer like ${providerLabel}. Check the profile’s base URL.`, status)
  }
}
