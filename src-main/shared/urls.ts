/**
 * The one rule for a profile's base URL, shared by core (which enforces it) and the profile dialog
 * (which explains it while the user types), so the two can never disagree.
 */

/**
 * Loopback means a literal loopback address (127.0.0.0/8, ::1) or `localhost` itself. Names under
 * `.localhost` are refused: a resolver may send them through DNS, and with them a credential in
 * cleartext to another machine.
 */
export function isLoopbackHost(hostname: string): boolean {
  // WHATWG URL hostnames are already canonical: lower case, IPv4 as four decimal octets, IPv6 bracketed and compressed.
  const host = hostname.toLowerCase()
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(host)
}

export type BaseUrlCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly message: string; readonly reason: 'not-a-url' | 'credentials' | 'not-https' }

/** Checks and normalizes a base URL: https, or plain http to a loopback host; no user or password; no trailing slash. */
export function checkBaseUrl(input: string): BaseUrlCheck {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return { ok: false, reason: 'not-a-url', message: 'The base URL is not a valid URL, e.g. https://api.example.com.' }
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'credentials', message: 'The base URL must not contain a user name or password.' }
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` }
  }
  return { ok: false, reason: 'not-https', message: 'The base URL must use https:// (plain http:// is only allowed for localhost and 127.0.0.1).' }
}
