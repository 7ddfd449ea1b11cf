/**
 * IPC fuzz (issue 11): seeded malformed payloads on every channel and on made-up ones, through core's
 * dispatch on a real createAppCore (temp dir, real Token API on loopback, real keychain). Nothing may
 * throw out of dispatch, hang, escape as an uncaught exception, or put a secret in a log.
 * Reproduce: bash .ci/with-keyring.sh npx vitest run src-main/core/ipc-fuzz.test.ts (FUZZ_SEED, FUZZ_RUNS to vary).
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import keytar from 'keytar'
import { CHANNELS, type Channel } from '../shared/ipc-contract'
import { dispatch, type Caller } from './ipc-dispatch'
import { useHarnesses } from './testing/sandboxed'

const SEED = Number(process.env.FUZZ_SEED ?? 20261127)
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500)
/** A dispatch slower than this counts as a hang. */
const HANG_MS = 10_000

const { sandboxed } = useHarnesses()

/** mulberry32: a tiny deterministic PRNG, so a failing case is reproduced by its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const uncaught: unknown[] = []
const onUncaught = (e: unknown) => uncaught.push(e)
beforeAll(() => {
  process.on('uncaughtException', onUncaught)
  process.on('unhandledRejection', onUncaught)
})
afterAll(() => {
  process.off('uncaughtException', onUncaught)
  process.off('unhandledRejection', onUncaught)
})

test(`${RUNS} seeded malformed payloads across every channel and unknown ones: no throw, no hang, no uncaught error, no secret in a log`, { timeout: 300_000 }, async () => {
  const { h, dev, prod } = await sandboxed()
  const created = await h.ok('tokens:create', { profileId: dev.id, name: 'fuzz target', scopes: ['dns:read'], expiresAt: null })
  const credentials = await Promise.all([dev, prod].map((p) => keytar.getPassword(h.service, `${p.id}/credential`)))
  const secrets = [created.secret, ...credentials.filter((c): c is string => c !== null)]
  const rnd = prng(SEED)
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T

  const nasty = (): unknown =>
    pick<() => unknown>([
      () => undefined,
      () => null,
      () => NaN,
      () => -0,
      () => Infinity,
      () => 2 ** 53 + 1,
      () => -1,
      () => true,
      () => '',
      () => ' ',
      () => 'x'.repeat(1 + Math.floor(rnd() * 200_000)),
      () => '\u0000\u001b[31m\u202e\u200b',
      () => '../../etc/passwd',
      () => 'credential',
      () => 'key_' + 'A'.repeat(24),
      () => '__proto__',
      () => pick(secrets),
      () => `Bearer ${pick(secrets)}`,
      () => new Date().toISOString(),
      () => '2026-13-45T99:99:99Z',
      () => [],
      () => [pick(secrets), 1, null],
      () => ({}),
      () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
      () => Object.create(null),
      () => deep(1 + Math.floor(rnd() * 2000)),
      () => Array.from({ length: 10_000 }, (_, i) => i),
      () => ({ then: () => {} }),
      () => Symbol('s'),
      () => 10n,
      () => () => 1,
    ])()
  const deep = (n: number): unknown => {
    let v: unknown = {}
    for (let i = 0; i < n; i++) v = { a: v, profileId: dev.id }
    return v
  }
  /** A valid-looking payload per channel, to mutate one field at a time. */
  const template = (c: string): Record<string, unknown> =>
    ({
      profileId: pick([dev.id, prod.id, 'nope']),
      tokenId: created.token.id,
      id: pick([dev.id, 'nope']),
      name: 'fuzz',
      scopes: ['dns:read'],
      expiresAt: null,
      gracePeriodSeconds: 3600,
      secret: created.secret,
      query: 'fuzz',
      days: 1,
      environment: 'dev',
      baseUrl: dev.baseUrl,
      credential: created.secret,
      ...(c === 'settings:update' ? { clipboardClearSeconds: 30 } : {}),
    }) as Record<string, unknown>
  const payload = (c: string): unknown => {
    const r = rnd()
    if (r < 0.3) return nasty()
    const t = template(c)
    const keys = Object.keys(t)
    const mutations = 1 + Math.floor(rnd() * 3)
    for (let i = 0; i < mutations; i++) {
      const m = rnd()
      if (m < 0.5) t[pick(keys)] = nasty()
      else if (m < 0.75) delete t[pick(keys)]
      else t[pick(['extra', '__proto__', 'constructor', 'toString', 'then'])] = nasty()
    }
    return t
  }
  const unknownChannels = ['', 'tokens', 'tokens:', ':list', 'tokens:list ', 'TOKENS:LIST', '__proto__', 'constructor', 'hasOwnProperty', 'toString', 'app:quit', 'vault:get', 'tokens:list\u0000', 'x'.repeat(10_000)]

  const dispatchLog: string[] = []
  const byChannel = new Map<string, number>()
  let throws = 0
  let hangs = 0
  let payloads = 0
  for (let i = 0; i < RUNS; i++) {
    const channel = rnd() < 0.15 ? pick(unknownChannels) : pick<Channel>(CHANNELS)
    const caller: Caller = rnd() < 0.5 ? 'renderer' : 'shell'
    const body = payload(channel)
    payloads++
    byChannel.set(channel, (byChannel.get(channel) ?? 0) + 1)
    let timer: NodeJS.Timeout | undefined
    const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), HANG_MS)))
    try {
      const out = await Promise.race([dispatch(h.core.handlers, channel, body, (l) => dispatchLog.push(l), caller), hang])
      if (out === 'hang') hangs++
      else expect(typeof out.ok).toBe('boolean')
    } catch {
      throws++
    } finally {
      clearTimeout(timer)
    }
  }
  // Let any stray promise settle before counting uncaught errors.
  await new Promise((r) => setTimeout(r, 200))
  const logs = [...h.logs, ...dispatchLog].join('\n')
  const leaked = secrets.filter((s) => logs.includes(s))

  console.log(`fuzz: seed ${SEED}, ${payloads} payloads, ${byChannel.size} channels (${CHANNELS.length} contract), ${throws} throws, ${hangs} hangs, ${uncaught.length} uncaught, ${leaked.length} secrets in logs`)
  expect(payloads).toBeGreaterThanOrEqual(1000)
  for (const c of CHANNELS) expect(byChannel.get(c) ?? 0, c).toBeGreaterThan(0)
  expect({ throws, hangs, uncaught: uncaught.length, leaked: leaked.length }).toEqual({ throws: 0, hangs: 0, uncaught: 0, leaked: 0 })
  expect(logs).not.toMatch(/sk_(test|live)_[A-Za-z0-9]{20,}/)
  expect(logs).not.toMatch(/authorization|bearer/i)
})
