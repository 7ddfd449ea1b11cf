import { expect, test } from 'vitest'
import { KeywardError } from './errors'
import { FakeKeytar } from './testing/fakes'
import { KeytarVault, vaultAccount } from './vault'

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

test('a token account is only ever made from a Token API key id, never the credential account', () => {
  expect(vaultAccount.token('prf_1', 'key_1')).toBe('prf_1/key_1')
  for (const bad of ['credential', '', 'key_', '../credential', 'key_1/x']) expect(() => vaultAccount.token('prf_1', bad)).toThrow(KeywardError)
})
