/**
 * The keychain entry the vault and CLI metrics read: a service of the bench's own, so it never
 * touches the app's entries even in a shared keyring, and removed when the metric ends.
 */
import keytar from 'keytar'

export const BENCH_SERVICE = 'Keyward Bench'
/** Same length and alphabet as a real Token API secret (prefix + 36 + 6 base62 characters). */
export const BENCH_SECRET = `sk_test_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}x9Y8z7`

/** Runs `fn` with `account` holding BENCH_SECRET (when `stored`), then deletes the entry whatever happens. */
export async function withBenchSecret<T>(account: string, stored: boolean, fn: () => Promise<T>): Promise<T> {
  if (stored) await keytar.setPassword(BENCH_SERVICE, account, BENCH_SECRET)
  try {
    return await fn()
  } finally {
    await keytar.deletePassword(BENCH_SERVICE, account)
  }
}
