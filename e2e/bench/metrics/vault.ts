/**
 * Metric 8: storing then reading one secret through the vault (KeytarVault: a deadline per call and
 * error mapping) vs. the same two keytar calls made bare, against the real Secret Service of the
 * private keyring session. Both sides write and read the same account and secret.
 */
import keytar from 'keytar'
import { KeytarVault } from '../../../src-main/core/vault'
import type { BenchContext } from '../lib/context'
import { ratioOf, type MetricResult } from '../lib/report'
import { median, timeMs } from '../lib/stats'

const TARGET_RATIO = 1.2
/** A service of its own, so the bench never touches the app's entries even in a shared keyring. */
const SERVICE = 'Keyward Bench'
const ACCOUNT = 'bench-profile/bench-token'
/** Same length and alphabet as a real Token API secret (prefix + 36 + 6 base62 characters). */
const SECRET = `sk_test_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}x9Y8z7`
/** Pairs per sample: one DBus round trip is ~1 ms, so a sample of 20 rises well above timer noise. */
const PAIRS_PER_SAMPLE = 20

/**
 * One sample of each side: PAIRS_PER_SAMPLE store+read pairs through the vault and as many bare,
 * alternating pair by pair (and who goes first), so a burst of keyring or CPU load falls on both
 * sides alike.
 */
async function interleavedSample(vault: KeytarVault): Promise<{ vault: number; bare: number }> {
  let viaVault = 0
  let bare = 0
  const viaVaultPair = () =>
    timeMs(async () => {
      await vault.set(ACCOUNT, SECRET)
      if ((await vault.get(ACCOUNT)) !== SECRET) throw new Error('vault read back a different secret')
    })
  const barePair = () =>
    timeMs(async () => {
      await keytar.setPassword(SERVICE, ACCOUNT, SECRET)
      if ((await keytar.getPassword(SERVICE, ACCOUNT)) !== SECRET) throw new Error('keytar read back a different secret')
    })
  for (let i = 0; i < PAIRS_PER_SAMPLE; i++) {
    // Flip who goes first each time: the pair after the other side's write must not always be ours.
    if (i % 2 === 0) {
      viaVault += await viaVaultPair()
      bare += await barePair()
    } else {
      bare += await barePair()
      viaVault += await viaVaultPair()
    }
  }
  return { vault: viaVault / PAIRS_PER_SAMPLE, bare: bare / PAIRS_PER_SAMPLE }
}

export async function benchVault(ctx: BenchContext): Promise<MetricResult[]> {
  const vault = new KeytarVault(keytar, SERVICE)
  try {
    for (let i = 0; i < ctx.cheap.warmup; i++) await interleavedSample(vault)
    const subject: number[] = []
    const baseline: number[] = []
    for (let i = 0; i < ctx.cheap.runs; i++) {
      const s = await interleavedSample(vault)
      subject.push(s.vault)
      baseline.push(s.bare)
    }
    const value = median(subject)
    const base = median(baseline)
    const ratio = ratioOf(value, base) as number
    return [
      {
        id: 8,
        metric: 'vault-store-read',
        label: 'Vault store + read one secret',
        value,
        unit: 'ms',
        baseline: base,
        ratio,
        target: `≤ ${TARGET_RATIO}× baseline`,
        pass: ratio <= TARGET_RATIO,
        runs: subject.length,
        min: Math.min(...subject),
        max: Math.max(...subject),
      },
    ]
  } finally {
    await keytar.deletePassword(SERVICE, ACCOUNT)
  }
}
