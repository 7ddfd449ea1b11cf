import { describe, expect, it, test } from 'vitest'
import { KeywardError } from './errors'
import { FakeKeytar } from './testing/fakes'
import { KeytarVault, vaultAccount, type KeytarLike } from './vault'

test('a missing secret is null, not an error', async () => {
  const vault = new KeytarVault(new FakeKeytar(), 'svc')
  expect(await vault.get('prf_1/key_1')).toBeNull()
})

test('a failing keychain is KEYCHAIN_UNAVAILABLE with what to do', async () => {
  const keytar = new FakeKeytar()
  keytar.failWith = new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
  const vault = new KeytarVault(keytar, 'svc')
  const error = await vault.get('prf_1/key_1').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(KeywardError)
  expect((error as KeywardError).code).toBe('KEYCHAIN_UNAVAILABLE')
  expect((error as KeywardError).message).toContain('Unlock it')
  await expect(vault.assertWritable()).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
})

test('a keychain that never answers times out instead of hanging', async () => {
  const keytar = new FakeKeytar()
  keytar.hang = true
  const vault = new KeytarVault(keytar, 'svc', 50)
  await expect(vault.set('a', 'b')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('did not answer') })
})

test('a token account is only ever made from a provider token id, never the credential account nor a path', () => {
  for (const id of ['key_1', '42', 'gh-0123abcd', 'sec-9f', 'a1b2c3.d4']) expect(vaultAccount.token('prf_1', id)).toBe(`prf_1/${id}`)
  for (const bad of ['credential', '', '../credential', '.hidden', 'key_1/x', 'a b', '-x', 'x'.repeat(129)]) expect(() => vaultAccount.token('prf_1', bad)).toThrow(KeywardError)
})

describe('keychain calls run one at a time', () => {
  /** A keytar whose calls take a few ms each and record how many run at once. */
  function overlapProbe(failOn?: string) {
    let running = 0
    let maxRunning = 0
    const store = new Map<string, string>()
    const step = async <T>(account: string, result: () => T): Promise<T> => {
      running++
      maxRunning = Math.max(maxRunning, running)
      await new Promise((r) => setTimeout(r, 2))
      running--
      if (account === failOn) throw new Error('The name org.freedesktop.secrets was not provided')
      return result()
    }
    const keytar: KeytarLike = {
      getPassword: (_s, a) => step(a, () => store.get(a) ?? null),
      setPassword: (_s, a, p) => step(a, () => void store.set(a, p)),
      deletePassword: (_s, a) => step(a, () => store.delete(a)),
      findCredentials: () => step('', () => [...store].map(([account, password]) => ({ account, password }))),
    }
    return { keytar, maxRunning: () => maxRunning }
  }

  it('never overlaps, even across vaults over the same keytar, and a failure does not stall the rest', async () => {
    const probe = overlapProbe('p/broken')
    const a = new KeytarVault(probe.keytar, 'A')
    const b = new KeytarVault(probe.keytar, 'B')
    const results = await Promise.allSettled([
      a.set('p/1', 'one'),
      b.set('p/2', 'two'),
      a.set('p/broken', 'x'),
      a.get('p/1'),
      b.accounts(),
      a.assertWritable(),
      b.get('p/2'),
    ])
    expect(probe.maxRunning()).toBe(1)
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
    expect((results[3] as PromiseFulfilledResult<string | null>).value).toBe('one')
    expect((results[6] as PromiseFulfilledResult<string | null>).value).toBe('two')
  })
})
