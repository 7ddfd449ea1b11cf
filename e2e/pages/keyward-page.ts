/// <reference lib="dom" />
import type { Locator, Page } from '@playwright/test'
import type { Environment } from '@shared/models'
import type { ProviderId } from '@shared/providers'
import { expect } from '../fixtures'

/** Page helper over the Keyward window: everything by role and accessible name. */
export class KeywardPage {
  constructor(readonly page: Page) {}

  get sidebar(): Locator {
    return this.page.getByRole('navigation', { name: 'Profiles' })
  }

  profileButton(name: string): Locator {
    return this.sidebar.getByRole('button', { name: new RegExp(`^${escape(name)}(\\s|$)`) })
  }

  get tokenTable(): Locator {
    return this.page.getByRole('table', { name: 'Tokens' })
  }

  /** The row whose name cell is exactly `name` (names can be prefixes of each other). */
  tokenRow(name: string): Locator {
    const nameCell = this.page.getByRole('cell', { name: new RegExp(`^${escape(name)}( Secret in keychain)?$`) })
    return this.tokenTable.getByRole('row').filter({ has: nameCell })
  }

  get detail(): Locator {
    return this.page.getByRole('complementary')
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog')
  }

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search tokens' })
  }

  filter(name: RegExp | string): Locator {
    return this.page.getByRole('group', { name: 'Filter tokens' }).getByRole('button', { name })
  }

  async selectProfile(name: string): Promise<void> {
    await this.profileButton(name).click()
    await expect(this.page.getByRole('heading', { level: 1, name: new RegExp(`^${escape(name)}`) })).toBeVisible()
    await expect(this.tokenTable.getByRole('row').nth(1)).toBeVisible()
  }

  /**
   * Adds a profile through the Add profile form and waits until it is the selected profile.
   * `beforeSave` runs on the filled form, for checks a spec makes before saving (warnings, Test connection).
   */
  async addProfile(
    profile: { name: string; provider?: ProviderId; environment?: Environment; baseUrl?: string; credential?: string },
    beforeSave?: (dialog: Locator) => Promise<void>,
  ): Promise<void> {
    await this.sidebar.getByRole('button', { name: '+ Add profile' }).click()
    const dialog = this.page.getByRole('dialog', { name: 'Add profile' })
    // The provider first: it sets the base URL's default and which fields there are.
    if (profile.provider) await dialog.getByRole('combobox', { name: 'Provider' }).selectOption(profile.provider)
    await dialog.getByRole('textbox', { name: 'Name' }).fill(profile.name)
    if (profile.environment) await dialog.getByRole('combobox', { name: 'Environment' }).selectOption(profile.environment)
    if (profile.baseUrl !== undefined) await dialog.getByRole('textbox', { name: 'Base URL' }).fill(profile.baseUrl)
    if (profile.credential !== undefined) await dialog.getByLabel(/^Credential \(/).fill(profile.credential)
    await beforeSave?.(dialog)
    await dialog.getByRole('button', { name: 'Add profile' }).click()
    await expect(this.page.getByRole('dialog')).toHaveCount(0)
    await expect(this.page.getByRole('heading', { level: 1, name: new RegExp(`^${escape(profile.name)}`) })).toBeVisible()
  }

  /** An add-profile dialog's "What Keyward can do with <provider>" panel, expanded from its one-line summary. */
  async providerNotes(dialog: Locator, providerLabel: string): Promise<Locator> {
    const notes = dialog.getByRole('region', { name: `What Keyward can do with ${providerLabel}` })
    const toggle = notes.getByRole('button', { name: /^Can/ })
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
    return notes
  }

  async openToken(name: string): Promise<void> {
    await this.tokenRow(name).click()
    await expect(this.detail.getByRole('heading', { name, exact: true })).toBeVisible()
  }

  /** Creates a token through the dialog and returns the secret from the show-once view (left open). */
  async createToken(name: string, options: { scopes?: readonly string[]; expiry?: string } = {}): Promise<string> {
    await this.page.getByRole('button', { name: 'New token' }).click()
    const dialog = this.page.getByRole('dialog', { name: 'New token' })
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name)
    const scopes = options.scopes ?? ['account:read']
    for (const s of scopes) await dialog.getByRole('checkbox', { name: new RegExp(`^${escape(s)}\\b`) }).check()
    if (options.expiry) await dialog.getByRole('radio', { name: options.expiry }).check()
    await dialog.getByRole('button', { name: 'Create token' }).click()
    return this.shownSecret()
  }

  /** The secret in the show-once view; `looks` is the provider's format (the Token API's by default). */
  async shownSecret(looks: RegExp = /^sk_(test|live)_/): Promise<string> {
    const secret = this.page.getByRole('dialog').getByRole('textbox', { name: 'Secret' })
    await expect(secret).toHaveValue(looks)
    return secret.inputValue()
  }

  /** Copies the shown secret and closes the show-once view. */
  async copyAndCloseShowOnce(): Promise<void> {
    const dialog = this.page.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click()
    await expect(dialog.getByRole('status').filter({ hasText: /Copied — / })).toBeVisible()
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect(this.page.getByRole('dialog')).toHaveCount(0)
  }

  async openSettings(): Promise<void> {
    await this.sidebar.getByRole('button', { name: 'Settings' }).click()
    await expect(this.page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  }

  async saveSettings(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save settings' }).click()
    await expect(this.page.getByText('Settings saved')).toBeVisible()
  }

  async setClipboardClearSeconds(seconds: number): Promise<void> {
    await this.openSettings()
    await this.page.getByRole('textbox', { name: 'Clear copied secrets after' }).fill(String(seconds))
    await this.saveSettings()
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
