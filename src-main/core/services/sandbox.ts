/**
 * The built-in sandbox's lifecycle: started with the app when enabled, its three profiles created
 * on the first run, stopped and started again as the setting changes, removed on request. A start
 * failure is kept as its own problem for the app's status.
 */
import { rm } from 'node:fs/promises'
import { ENVIRONMENTS, type Environment } from '../../shared/models'
import { KeywardError } from '../errors'
import { portOf, startSandbox, type RunningSandbox, type SandboxStarter } from '../sandbox-server'
import type { StoredProfile } from '../persistence/state-file'
import { vaultAccount } from '../vault'
import type { CreatedKey } from '../api-client'
import { connect, errorKind, errorMessage, type CoreContext } from './context'

type Sample = { readonly profileId: string; readonly tokenId: string; readonly name: string }
import { newProfileId, type ProfilesService } from './profiles'

const SANDBOX_NAMES: Readonly<Record<Environment, string>> = { dev: 'Sandbox dev', staging: 'Sandbox staging', prod: 'Sandbox prod' }

export interface SandboxOptions {
  /** False in tests of other parts: the sandbox is never started. */
  readonly allowed: boolean
  /** Where its data lives (user data/sandbox). */
  readonly dataDir: string
  readonly starter: SandboxStarter
}

export class SandboxService {
  private running: RunningSandbox | null = null
  private startProblem: string | null = null
  private heldBackReason: string | null = null

  constructor(
    private readonly ctx: CoreContext,
    private readonly options: SandboxOptions,
    private readonly profiles: ProfilesService,
  ) {}

  /** Whether it runs, and where. */
  status(): { readonly running: boolean; readonly url: string | null } {
    return { running: this.running !== null, url: this.running?.url ?? null }
  }

  /** Why it is not running although enabled (it could not start); null otherwise. */
  get problem(): string | null {
    return this.startProblem
  }

  /**
   * Why it was deliberately not recreated: the settings file could not be read, and its backup may
   * still hold the profiles with the sandbox's admin keys. A settings matter, reported as one.
   */
  get heldBack(): string | null {
    return this.heldBackReason
  }

  /** Starts it with the app when the settings allow; a failure is recorded, never thrown. */
  async startWithApp(): Promise<void> {
    if (!this.options.allowed || !this.ctx.state.settings.sandboxEnabled) return
    try {
      await this.ensure()
    } catch (error) {
      await this.stop().catch(() => {})
      if (error instanceof KeywardError && error.code === 'SETTINGS_CORRUPT') this.heldBackReason = error.message
      else this.startProblem = startFailure(error)
      this.ctx.log(`sandbox: could not start (${errorKind(error)})`)
    }
  }

  /** Follows the sandboxEnabled setting: turned off, it stops (its profiles stay, offline); turned on, it comes back. */
  async follow(wasEnabled: boolean, enabled: boolean): Promise<void> {
    if (wasEnabled && !enabled) await this.stop()
    if (!wasEnabled && enabled && this.options.allowed && this.running === null) {
      try {
        // Turning the sandbox back on recreates its profiles even when other profiles exist.
        await this.ensure(true)
        this.startProblem = null
      } catch (error) {
        this.startProblem = startFailure(error)
      }
    }
  }

  async stop(): Promise<void> {
    const s = this.running
    this.running = null
    if (s) await s.close()
  }

  /** Stops it and deletes its profiles, their keychain entries and its data; it stays off. */
  async remove(): Promise<null> {
    await this.stop()
    for (const p of this.ctx.state.profiles.filter((x) => x.sandbox)) await this.profiles.deleteData(p.id)
    await rm(this.options.dataDir, { recursive: true, force: true })
    this.ctx.state.update((s) => ({ ...s, sandbox: { port: null, welcomeDismissed: s.sandbox.welcomeDismissed }, settings: { ...s.settings, sandboxEnabled: false } }))
    this.heldBackReason = null
    this.startProblem = null
    this.ctx.log('sandbox: removed')
    return null
  }

  /** Starts the sandbox; on first run (no profiles), or when forced, creates its three profiles. */
  private async ensure(force = false): Promise<void> {
    const { state, vault, log } = this.ctx
    const hasSandboxProfiles = state.profiles.some((p) => p.sandbox)
    const firstRun = state.profiles.length === 0
    if (!hasSandboxProfiles && !firstRun && !force) return
    if (!hasSandboxProfiles && state.sandbox.keptAfterSettingsProblem) {
      // Not a first run: the profiles holding the sandbox's admin keys are in the settings backup,
      // and recreating the sandbox would delete its data for good. The user decides.
      throw new KeywardError(
        'SETTINGS_CORRUPT',
        'Keyward did not recreate the built-in sandbox because the settings file could not be read and its backup may still need the sandbox data: restore the backup, or remove the sandbox in Settings to start it afresh.',
      )
    }
    if (!hasSandboxProfiles) {
      // The admin keys are shown once, on the first start: without a keychain to keep them the
      // sandbox would be unusable afterwards, so do not start it at all.
      await vault.assertWritable()
      // No profile holds its admin keys any more, so old sandbox data is unusable: start it fresh.
      await rm(this.options.dataDir, { recursive: true, force: true })
    }
    const sandbox = await startSandbox(this.options.starter, this.options.dataDir, state.sandbox.port, (line) => log(`sandbox: ${line}`))
    this.running = sandbox
    this.moveTo(sandbox.url)
    log(`sandbox: running at ${sandbox.url}`)
    if (!hasSandboxProfiles) await this.provision(sandbox)
  }

  /** Records the port and points the sandbox profiles at it (a busy port moves it). */
  private moveTo(url: string): void {
    this.ctx.state.update((s) => ({
      ...s,
      sandbox: { ...s.sandbox, port: portOf(url) },
      profiles: s.profiles.map((p) => (p.sandbox && p.baseUrl !== url ? { ...p, baseUrl: url } : p)),
    }))
  }

  /** Creates one profile per organization, its admin key as the credential (shown by the server on its first start only). */
  private async provision(sandbox: RunningSandbox): Promise<void> {
    const { vault, now, log } = this.ctx
    const created: StoredProfile[] = []
    let sample: Sample | null = null
    for (const org of sandbox.organizations) {
      if (!org.admin_key) continue
      // Made before the profile, like the seeded ones: a sample, never reminded about as the user's.
      const sampleKey = org.environment === 'dev' ? await this.sampleKey(sandbox.url, org.admin_key) : null
      const profile: StoredProfile = {
        id: newProfileId(),
        name: SANDBOX_NAMES[org.environment],
        environment: org.environment,
        provider: 'token-api-v1',
        baseUrl: sandbox.url,
        createdAt: now().toISOString(),
        organization: { id: org.id, name: org.name, environment: org.environment, status: org.status },
        account: { id: org.id, name: org.name, environment: org.environment, status: org.status },
        sandbox: true,
        credentialPrefix: org.admin_key.startsWith('sk_live_') ? 'sk_live_' : 'sk_test_',
      }
      await vault.set(vaultAccount.credential(profile.id), org.admin_key)
      if (sampleKey) {
        await vault.set(vaultAccount.token(profile.id, sampleKey.key.id), sampleKey.secret)
        sample = { profileId: profile.id, tokenId: sampleKey.key.id, name: sampleKey.key.name }
      }
      const me = await connect(this.ctx, sandbox.url, org.admin_key).me().catch(() => null)
      created.push(me ? { ...profile, credentialKeyId: me.key.id } : profile)
    }
    created.sort((a, b) => ENVIRONMENTS.indexOf(a.environment) - ENVIRONMENTS.indexOf(b.environment))
    this.profiles.append(created)
    this.ctx.state.update((s) => ({ ...s, sandbox: { ...s.sandbox, sample } }))
    log(`sandbox: created ${created.length} sandbox profiles`)
  }

  /**
   * A token whose secret the sandbox stores in the keychain, so a new user can try the main action,
   * Copy, at once (the seeded tokens' secrets were never shown to anyone). Null if it cannot be made:
   * the sandbox works without it.
   */
  private async sampleKey(url: string, adminKey: string): Promise<CreatedKey | null> {
    try {
      const client = connect(this.ctx, url, adminKey)
      const scopes = (await client.scopes()).map((s) => s.name)
      const read = scopes.find((n) => n.endsWith(':read') && !n.startsWith('api_keys:')) ?? scopes[0]
      if (read === undefined) return null
      return await client.createKey({ name: 'Sample token', scopes: [read], expiresAt: null })
    } catch (error) {
      this.ctx.log(`sandbox: no sample token (${errorKind(error)})`)
      return null
    }
  }
}

function startFailure(error: unknown): string {
  // The held-back reason stands on its own; anything else is a start failure with its reason.
  if (error instanceof KeywardError && error.code === 'SETTINGS_CORRUPT') return error.message
  return `The built-in sandbox could not start: ${errorMessage(error)}`
}
