/**
 * The real keytar with a switch that makes the keychain behave as locked (every call rejects like
 * libsecret does), for integration tests of "keychain unavailable" on the real Secret Service.
 */
import keytar from 'keytar'
import type { KeytarLike } from '../vault'

export class LockableKeytar implements KeytarLike {
  locked = false
  /** Lock only writes (reads still work), like a keyring that refuses new items. */
  writesLocked = false
  /** Fail writes to matching accounts only (the keychain failing right when a secret is stored). */
  failSet: ((account: string) => boolean) | null = null

  private check(write: boolean): void {
    if (this.locked || (write && this.writesLocked)) throw new Error('Cannot create an item in a locked collection')
  }
  async getPassword(service: string, account: string): Promise<string | null> {
    this.check(false)
    return keytar.getPassword(service, account)
  }
  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.check(true)
    if (this.failSet?.(account)) throw new Error('The keyring refused the item')
    return keytar.setPassword(service, account, password)
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    this.check(true)
    return keytar.deletePassword(service, account)
  }
  async findCredentials(service: string): Promise<Array<{ account: string; password: string }>> {
    this.check(false)
    return keytar.findCredentials(service)
  }
}
