import type { Vault } from './vault'

/**
 * The vault plus an in-memory list of its accounts: listing accounts through the Secret Service
 * fetches every secret and takes hundreds of ms, too slow for every token list. Only this core
 * writes its service, so tracking its own writes keeps the list exact.
 */
export class AccountTrackingVault implements Vault {
  // A promise, not a set: a write that lands while the first listing is still under way must
  // still end up in it (it used to be lost, so a just-stored credential showed as missing).
  private known: Promise<Set<string>> | null = null
  constructor(private readonly inner: Vault) {}

  knownAccounts(): Promise<ReadonlySet<string>> {
    if (!this.known) {
      const loading = this.inner.accounts().then((all) => new Set(all))
      this.known = loading
      loading.catch(() => {
        if (this.known === loading) this.known = null
      })
    }
    return this.known
  }
  get(account: string): Promise<string | null> {
    return this.inner.get(account)
  }
  async set(account: string, secret: string): Promise<void> {
    await this.inner.set(account, secret)
    const known = await this.known?.catch(() => null)
    known?.add(account)
  }
  async delete(account: string): Promise<boolean> {
    const deleted = await this.inner.delete(account)
    const known = await this.known?.catch(() => null)
    known?.delete(account)
    return deleted
  }
  async accounts(): Promise<string[]> {
    const all = await this.inner.accounts()
    this.known = Promise.resolve(new Set(all))
    return all
  }
  assertWritable(): Promise<void> {
    return this.inner.assertWritable()
  }
}
