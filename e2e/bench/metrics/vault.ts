/**
 * Metric 8: storing then reading one secret through the vault (KeytarVault: a deadline per call and
 * error mapping) vs. the same two keytar calls made bare, against the real Secret Service of the
 * private keyring session. Both sides write and read the same account and secret.
 */
import keytar from 'keytar'
import { KeytarVault } from '../../../src-main/core/vault'
import { BENCH_SECRET as SECRET, BENCH_SERVICE as SERVICE, withBenchSecret } from '../lib/bench-keychain'
import type { BenchContext } from '../lib/context'
import { pairedFigure, type MetricResult } from '../lib/report'
import { meanOf, timeMs } from '../lib/stats'

const TARGET_RATIO = 1.2
const ACCOUNT = 'bench-profile/bench-token'
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
  const spec = { id: 8, metric: 'vault-store-read', label: 'Vault store + read one secret', unit: 'ms', target: { maxRatio: TARGET_RATIO } }
  // Both sides write the entry themselves; it is removed at the end.
  return [await withBenchSecret(ACCOUNT, false, () => pairedFigure(spec, ctx.cheap, () => meanOf(PAIRS_PER_SAMPLE, viaVault), () => meanOf(PAIRS_PER_SAMPLE, bare)))]
}
