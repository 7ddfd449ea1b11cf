import { expect, test } from 'vitest'
import { AccountTrackingVault } from './account-tracking-vault'
import type { Vault } from './vault'

/** A vault whose listing is slow and misses a write made while it runs, like a real keychain can. */
function slowListingVault() {
  const accounts = new Set(['p/credential'])
  let releaseListing: () => void = () => {}
  const vault: Vault = {
    get: async () => null,
    set: async (account) => void accounts.add(account),
    delete: async (account) => accounts.delete(account),
    accounts: () => {
      const snapshot = [...accounts]
      return new Promise((resolve) => (releaseListing = () => resolve(snapshot)))
    },
    assertWritable: async () => {},
  }
  return { vault, releaseListing: () => releaseListing() }
}

test('a secret stored while the first listing is under way is known once it finishes', async () => {
  const { vault, releaseListing } = slowListingVault()
  const tracking = new AccountTrackingVault(vault)
  const listing = tracking.knownAccounts()
  const storing = tracking.set('p/key_new', 'secret')
  releaseListing()
  await storing
  expect([...(await listing)].sort()).toEqual(['p/credential', 'p/key_new'])
  expect((await tracking.knownAccounts()).has('p/key_new')).toBe(true)
})

test('a secret deleted while the first listing is under way is forgotten', async () => {
  const { vault, releaseListing } = slowListingVault()
  const tracking = new AccountTrackingVault(vault)
  const listing = tracking.knownAccounts()
  const deleting = tracking.delete('p/credential')
  releaseListing()
  await deleting
  expect([...(await listing)]).toEqual([])
})
