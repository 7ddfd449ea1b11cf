/**
 * Token API v1 secret format: `<prefix><36 base62 chars><6 base62 checksum chars>`.
 * The checksum is CRC-32 (IEEE) of the random part, base62, most significant digit first,
 * left-padded with '0'. Pure code, shared by the server, the core and the renderer so a
 * pasted key can be checked offline.
 */

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
export const SECRET_PREFIXES = ['sk_test_', 'sk_live_'] as const
export type SecretPrefix = (typeof SECRET_PREFIXES)[number]
export const RANDOM_PART_LENGTH = 36
export const CHECKSUM_LENGTH = 6
export const SECRET_LENGTH = 8 + RANDOM_PART_LENGTH + CHECKSUM_LENGTH
/**
 * A Token API v1 key id (`key_` + base62, as the server generates them). Ids name keychain
 * accounts (`<profileId>/<tokenId>`), so anything else — `credential` above all — is refused.
 */
export const TOKEN_ID_RE = /^key_[0-9A-Za-z]{1,64}$/

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

/** CRC-32 (IEEE 802.3) of an ASCII string. */
export function crc32(ascii: string): number {
  let crc = 0xffffffff
  for (let i = 0; i < ascii.length; i++) {
    crc = (CRC_TABLE[(crc ^ ascii.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8)
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** Writes a non-negative integer in base62, left-padded with '0' to `width`. */
export function toBase62(value: number, width: number): string {
  let out = ''
  let v = value
  do {
    out = BASE62[v % 62] + out
    v = Math.floor(v / 62)
  } while (v > 0)
  return out.padStart(width, '0')
}

/** The 6-character checksum of a random part. */
export function checksumOf(randomPart: string): string {
  return toBase62(crc32(randomPart), CHECKSUM_LENGTH)
}

/** Builds a full secret from its prefix and random part. */
export function formatSecret(prefix: SecretPrefix, randomPart: string): string {
  return `${prefix}${randomPart}${checksumOf(randomPart)}`
}

export type SecretCheck =
  | { readonly ok: true; readonly secret: string; readonly prefix: SecretPrefix; readonly hint: string }
  | { readonly ok: false; readonly reason: 'empty' | 'prefix' | 'length' | 'alphabet' | 'checksum'; readonly message: string }

const BASE62_RE = /^[0-9A-Za-z]+$/

/** Removes the whitespace and newlines that pasting tends to add (seed 002). */
export function cleanPastedSecret(input: string): string {
  return input.replace(/\s/g, '')
}

/** Checks a (possibly pasted) secret against the format and checksum, without any network. */
export function checkSecret(input: string): SecretCheck {
  const secret = cleanPastedSecret(input)
  if (secret.length === 0) return { ok: false, reason: 'empty', message: 'The key is empty.' }
  const prefix = SECRET_PREFIXES.find((p) => secret.startsWith(p))
  if (!prefix) {
    return { ok: false, reason: 'prefix', message: 'The key must start with sk_test_ or sk_live_.' }
  }
  if (secret.length !== SECRET_LENGTH) {
    return {
      ok: false,
      reason: 'length',
      message: `The key should be ${SECRET_LENGTH} characters long, this one has ${secret.length}. Was it copied completely?`,
    }
  }
  const body = secret.slice(prefix.length)
  if (!BASE62_RE.test(body)) {
    return { ok: false, reason: 'alphabet', message: 'The key contains characters a Keyward key never has.' }
  }
  const random = body.slice(0, RANDOM_PART_LENGTH)
  const check = body.slice(RANDOM_PART_LENGTH)
  if (checksumOf(random) !== check) {
    return { ok: false, reason: 'checksum', message: 'The key fails its checksum: it was mistyped or truncated.' }
  }
  return { ok: true, secret, prefix, hint: secret.slice(-4) }
}

/** The key type an environment uses: live keys only in prod. */
export function prefixForEnvironment(environment: 'dev' | 'staging' | 'prod'): SecretPrefix {
  return environment === 'prod' ? 'sk_live_' : 'sk_test_'
}

/** Uniformly random base62 characters from the platform CSPRNG (Web Crypto works in Node and the renderer). */
export function randomBase62(length: number): string {
  let out = ''
  const bytes = new Uint8Array(length * 2)
  while (out.length < length) {
    globalThis.crypto.getRandomValues(bytes)
    for (const b of bytes) {
      // 248 = 4 * 62: rejecting the top bytes keeps every character equally likely.
      if (b < 248 && out.length < length) out += BASE62[b % 62]
    }
  }
  return out
}

/** A new random secret in the Token API v1 format. */
export function generateSecret(prefix: SecretPrefix): string {
  return formatSecret(prefix, randomBase62(RANDOM_PART_LENGTH))
}
