/**
 * Metric 8: storing then reading one secret through the vault (KeytarVault: a deadline per call and
 * error mapping) vs. the same two keytar calls made bare, against the real Secret Service of the
 * private keyring session. Both sides write and read the same account and secret.
 */
import keytar from 'keytar'
import { KeytarVault } from '../../../src-main/core/vault'
import type { BenchContext } from '../lib/context'
import { figure, loadNow, type MetricResult } from '../lib/report'
import { meanOf, samplePair, timeMs } from '../lib/stats'

const TARGET_RATIO = 1.2
/** A service of its own, so the bench never touches the app's entries even in a shared keyring. */
const SERVICE = 'Keyward Bench'
const ACCOUNT = 'bench-profile/bench-token'
/** Same length and alphabet as a real Token API secret (prefix + 36 + 6 base62 characters). */
const SECRET = `sk_test_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}x9Y8z7`
/** Pairs per sample: one DBus round trip is ~1 ms, so a sample of 20 rises well above timer noise. */
const PAIRS_PER_SAMPLE = 20

export async function benchVault(ctx: BenchContext): Promise<MetricResult[]> {
  const vault = new KeytarVault(keytar, SERVICE)
  const viaVault = () =>
    timeMs(async () => {
      await vault.set(ACCOUNT, SECRET)
      if ((await vault.get(ACCOUNT)) !== SECRET) throw new Error('vault read back a different secret')
    })
  const bare = () =>
    timeMs(async () => {
      await keytar.setPassword(SERVICE, ACCOUNT, SECRET)
      if ((await keytar.getPassword(SERVICE, ACCOUNT)) !== SECRET) throw new Error('keytar read back a different secret')
    })
  try {
    const loadAtStart = loadNow()
    const { subject, baseline } = await samplePair(
      ctx.cheap,
      () => meanOf(PAIRS_PER_SAMPLE, viaVault),
      () => meanOf(PAIRS_PER_SAMPLE, bare),
    )
    return [
      figure({
        id: 8,
        metric: 'vault-store-read',
        label: 'Vault store + read one secret',
        unit: 'ms',
        target: { maxRatio: TARGET_RATIO },
        samples: subject,
        baseline,
        loadAtStart,
      }),
    ]
  } finally {
    await keytar.deletePassword(SERVICE, ACCOUNT)
  }
}
