/** Reminders: plan the ones due now from every profile's list, show them once, and snooze one token's. */
import type { ApiKey, ReminderNotification } from '../../shared/models'
import type { NotifierPort } from '../ports'
import { parseIso } from '../health'
import type { StoredProfile } from '../persistence/state-file'
import { planReminders, snooze, type ProfileTokens } from '../reminders'
import { errorKind, findProfile, type CoreContext } from './context'
import type { TokensService } from './tokens'

export class RemindersService {
  constructor(
    private readonly ctx: CoreContext,
    private readonly tokens: TokensService,
    private readonly notifier: NotifierPort,
  ) {}

  /** Shows the reminders due now as notifications and returns them. */
  async check(): Promise<readonly ReminderNotification[]> {
    const { ctx } = this
    const plan = planReminders(await this.profileTokens(), ctx.state.settings.reminders, ctx.state.reminderState, ctx.now().getTime())
    if (plan.notifications.length > 0) {
      ctx.state.update((s) => ({ ...s, reminders: { fired: [...plan.state.fired], snoozed: { ...plan.state.snoozed } } }))
      for (const n of plan.notifications) this.notifier.show(n)
      ctx.log(`reminders: showed ${plan.notifications.length} notification(s) for ${plan.dueCount} reminder(s)`)
    }
    return plan.notifications
  }

  /** The check the shell runs at start, every 30 minutes and on resume: a failure is logged, never thrown. */
  async checkInBackground(): Promise<void> {
    try {
      await this.check()
    } catch (error) {
      this.ctx.log(`reminders: check failed (${errorKind(error)})`)
    }
  }

  snooze(req: { readonly profileId: string; readonly tokenId: string; readonly days: 1 | 7 }): { readonly until: string } {
    const { ctx } = this
    findProfile(ctx, req.profileId)
    const result = snooze(ctx.state.reminderState, req.profileId, req.tokenId, req.days, ctx.now().getTime())
    ctx.state.update((s) => ({ ...s, reminders: { fired: [...result.state.fired], snoozed: { ...result.state.snoozed } } }))
    return { until: result.until }
  }

  /** Every profile's tokens: fresh from the API, or from the cache when the API or keychain is out of reach. */
  private async profileTokens(): Promise<ProfileTokens[]> {
    const { ctx } = this
    const profiles: ProfileTokens[] = []
    for (const p of ctx.state.profiles) {
      let tokens: readonly ApiKey[] | null = null
      try {
        tokens = (await this.tokens.list(p.id)).tokens
      } catch {
        // planReminders classifies the cached keys itself: no views, no keychain read.
        tokens = ctx.cache.get(p.id)?.tokens ?? null
      }
      if (tokens) profiles.push({ profileId: p.id, profileName: p.name, tokens: remindable(p, tokens) })
    }
    return profiles
  }
}

/**
 * The tokens whose reminders are the user's. The built-in sandbox seeds sample tokens in every state
 * the app warns about, before its profiles are created: they show what a warning looks like, and
 * must not notify on first launch as if they were the user's. Tokens made there afterwards (created,
 * or a rotation's successor) remind like any other, so reminders can be tried out on the sandbox.
 */
export function remindable(profile: Pick<StoredProfile, 'sandbox' | 'createdAt'>, tokens: readonly ApiKey[]): readonly ApiKey[] {
  if (!profile.sandbox) return tokens
  const since = parseIso(profile.createdAt)
  return tokens.filter((t) => parseIso(t.createdAt) > since)
}
