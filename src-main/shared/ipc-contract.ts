/**
 * The single map of IPC channels: name → request schema → response type.
 * main binds it (src-main/main/ipc.ts), the preload and the e2e browser bridge expose it
 * (one method per renderer channel, named by `methodName`), core implements it (core/handlers.ts).
 */
import { z } from 'zod'
import type {
  AppInfo,
  Copied,
  Organization,
  InterruptedRotation,
  ProfileView,
  QuickResult,
  ReminderNotification,
  RotateResult,
  Scope,
  Settings,
  ShowOnce,
  TokenList,
  TokenView,
} from './models'
import { environmentSchema, providerIdSchema, settingsPatchSchema, tokenIdSchema } from './schemas'
import { secretEntrySchema, type ProviderAccount, type ProviderId, type ProviderToken } from './providers'
import type { IpcResult } from './errors'
import type { ProviderInfo } from './provider-info'
import { checkDisplayName } from './display-name'

const id = z.string().min(1).max(200)
/** Token ids become keychain account names: any provider's id (safe characters), never `credential`. */
const tokenId = tokenIdSchema
const environment = environmentSchema
const secretInput = z.string().min(1).max(1000)
const isoDate = z.iso.datetime({ offset: true })
const baseUrl = z.string().min(1).max(2000)
/** An account password a provider asks for per request (npm create): used once, never stored or logged. */
const password = z.string().min(1).max(1000)
/** A one-time password from an authenticator app (or a recovery code): used once, never stored or logged. */
const otp = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{4,64}$/, 'Enter the code from your authenticator app.')
/**
 * A name Keyward will show in notifications, the tray and the typed prod confirmation: the shared
 * rule (no control, ANSI or bidi characters, something visible, 100 code points), trimmed.
 */
const displayName = z
  .string()
  .max(1000)
  .transform((raw, ctx) => {
    const check = checkDisplayName(raw)
    if (check.ok) return check.name
    ctx.addIssue({ code: 'custom', message: `The name ${check.message}.` })
    return z.NEVER
  })

/** Declares a channel: its request schema plus a phantom response type. */
function channel<Res>() {
  return <S extends z.ZodType>(request: S) => ({ request, response: undefined as unknown as Res })
}

const none = z.undefined()

/** A change to the settings: its schema is derived from the settings' own (shared/schemas). */
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

export const ipcContract = {
  'app:info': channel<AppInfo>()(none),
  /** The providers a profile can use, with what each can do (static: from code, never from a server). */
  'providers:list': channel<readonly ProviderInfo[]>()(none),
  /** The user closed the first-launch welcome: it stays closed. */
  'app:dismiss-welcome': channel<null>()(none),

  'profiles:list': channel<readonly ProfileView[]>()(none),
  /**
   * Adds a profile after identifying its credential at the provider. `provider` defaults to
   * token-api-v1; `baseUrl` to the provider's default (required where it has none); `credential`
   * is required except for any-secret, which has no account.
   */
  'profiles:add': channel<ProfileView>()(
    z
      .object({ name: displayName, environment, provider: providerIdSchema.default('token-api-v1'), baseUrl: baseUrl.optional(), credential: secretInput.optional() })
      .strict(),
  ),
  'profiles:update': channel<ProfileView>()(
    z
      .object({
        id,
        name: displayName.optional(),
        environment: environment.optional(),
        baseUrl: baseUrl.optional(),
        credential: secretInput.optional(),
      })
      .strict(),
  ),
  'profiles:remove': channel<null>()(z.object({ id }).strict()),
  /**
   * Identifies a credential (pasted, or a saved profile's) at the provider without saving anything.
   * Providers that cannot identify (any secret) answer NOT_SUPPORTED with the reason.
   */
  'profiles:test': channel<{
    readonly provider: ProviderId
    /** Who the credential is at the provider. */
    readonly account: ProviderAccount
    /** The credential as a token, where the provider tells (null: npm when its list does not show it). */
    readonly token: ProviderToken | null
    /**
     * The Token API organization; for other providers the account in the same shape, with the
     * profile's environment when the account tells none. Read `account` instead.
     */
    readonly organization: Organization
    readonly keyName: string
    readonly scopes: readonly string[]
    /** Offline and identified mismatches: another provider's or environment's credential. */
    readonly warnings: readonly string[]
  }>()(
    z
      .object({
        profileId: id.optional(),
        provider: providerIdSchema.default('token-api-v1'),
        environment,
        baseUrl: baseUrl.optional(),
        credential: secretInput.optional(),
      })
      .strict(),
  ),

  'tokens:list': channel<TokenList>()(z.object({ profileId: id }).strict()),
  'tokens:scopes': channel<readonly Scope[]>()(z.object({ profileId: id }).strict()),
  'tokens:create': channel<ShowOnce>()(
    z
      .object({
        profileId: id,
        name: displayName,
        scopes: z.array(z.string().min(1).max(200)).min(1).max(500),
        expiresAt: isoDate.nullable(),
        /** npm: the account password (asked for every time, never stored). */
        password: password.optional(),
        /** npm: the one-time password, after OTP_REQUIRED. */
        otp: otp.optional(),
      })
      .strict(),
  ),
  'tokens:rotate': channel<RotateResult>()(
    z
      .object({
        profileId: id,
        tokenId,
        gracePeriodSeconds: z.number().int().min(0).max(604800),
        /** The new token's expiry (null: none). Left out: as long a life as the old token had, so rotation never drops an expiry. */
        expiresAt: isoDate.nullable().optional(),
        /** Required on prod profiles: the token's name, typed by the user. */
        confirmName: z.string().max(200).optional(),
        /** npm (create-then-revoke): the account password and, after OTP_REQUIRED, the one-time password. */
        password: password.optional(),
        otp: otp.optional(),
        /** any-secret (replace-secret): the new secret from the vendor's dashboard; the old one leaves the keychain. */
        secret: secretInput.optional(),
      })
      .strict(),
  ),
  'tokens:revoke': channel<TokenView>()(
    z.object({ profileId: id, tokenId, confirmName: z.string().max(200).optional() }).strict(),
  ),
  /** Copies a stored secret in main; it never reaches the renderer. */
  'tokens:copy': channel<Copied>()(z.object({ profileId: id, tokenId }).strict()),
  /**
   * Keeps a secret made elsewhere: a Token API key or GitHub token once the provider identified it
   * as this profile's account; an any-secret with what the user entered (`entry`, required there).
   */
  'tokens:import': channel<TokenView>()(
    z.object({ profileId: id, secret: secretInput, entry: secretEntrySchema.extend({ name: displayName }).strict().optional() }).strict(),
  ),
  /** Quick switcher: tokens across all profiles (from the cached lists) matching the query. */
  'tokens:search': channel<readonly QuickResult[]>()(z.object({ query: z.string().max(200) }).strict()),

  /** Copies the secret shown once after create/rotate, with the same auto-clear as stored copies. */
  'secret:copy': channel<Copied>()(z.object({ secret: secretInput }).strict()),

  /** Internal (the shell's timer): computes the reminders due now, shows them as notifications, returns what was shown. */
  'reminders:check': channel<readonly ReminderNotification[]>()(none),
  'reminders:snooze': channel<{ readonly until: string }>()(
    z.object({ profileId: id, tokenId, days: z.union([z.literal(1), z.literal(7)]) }).strict(),
  ),

  'settings:get': channel<Settings>()(none),
  'settings:update': channel<Settings>()(settingsPatchSchema),

  'rotation:dismiss': channel<readonly InterruptedRotation[]>()(z.object({ id }).strict()),

  'sandbox:remove': channel<null>()(none),
} as const

export type IpcContract = typeof ipcContract
export type Channel = keyof IpcContract
export type IpcRequest<C extends Channel> = z.input<IpcContract[C]['request']>
export type IpcParsedRequest<C extends Channel> = z.output<IpcContract[C]['request']>
export type IpcResponse<C extends Channel> = IpcContract[C]['response']

export const CHANNELS = Object.keys(ipcContract) as Channel[]

/** Channels only the shells call (timers, tray, CLI); the preload and the e2e bridge never expose them. */
export const INTERNAL_CHANNELS = ['reminders:check'] as const satisfies readonly Channel[]
export type InternalChannel = (typeof INTERNAL_CHANNELS)[number]
/** Channels the renderer may call. */
export type RendererChannel = Exclude<Channel, InternalChannel>

export function isRendererChannel(channel: Channel): channel is RendererChannel {
  return !(INTERNAL_CHANNELS as readonly Channel[]).includes(channel)
}

/** What the preload and the e2e bridge expose, one method each. */
export const RENDERER_CHANNELS: readonly RendererChannel[] = CHANNELS.filter(isRendererChannel)

/** Main → renderer events. */
export const IPC_EVENTS = {
  /** A notification was clicked: open the app on this token (or the attention filter when tokenId is null). */
  navigate: 'event:navigate',
  /** A timed clipboard clear ran, or a newer copy replaced it: how the copy ended. */
  clipboard: 'event:clipboard',
} as const

export interface NavigateEvent {
  readonly profileId: string | null
  readonly tokenId: string | null
}

/**
 * How a copy with a clearing time ended, by the id its copy returned. Never the secret.
 * cleared: it was still on the clipboard and Keyward emptied it. replaced: something else was on
 * the clipboard (the user's own copy, or a newer Keyward copy with its own clear), so it was left
 * as is. failed: the clipboard could not be read or cleared.
 */
export interface ClipboardEvent {
  readonly copyId: number
  readonly outcome: 'cleared' | 'replaced' | 'failed'
}

/** Each event's payload, field by field: what the preload and the bridge pass on (never an event object). */
export const EVENT_PAYLOAD = {
  navigate: (e: NavigateEvent): NavigateEvent => ({ profileId: e.profileId, tokenId: e.tokenId }),
  clipboard: (e: ClipboardEvent): ClipboardEvent => ({ copyId: e.copyId, outcome: e.outcome }),
} as const satisfies { readonly [K in keyof typeof IPC_EVENTS]: (e: never) => unknown }

/** window.keyward's subscription method per event. */
export const EVENT_METHODS = { navigate: 'onNavigate', clipboard: 'onClipboard' } as const satisfies { readonly [K in keyof typeof IPC_EVENTS]: string }

type CamelTail<S extends string> = S extends `${infer A}-${infer B}` ? `${Capitalize<A>}${CamelTail<B>}` : Capitalize<S>
/** 'tokens:list' → 'tokensList'. */
export type MethodName<C extends string> = C extends `${infer Area}:${infer Action}` ? `${Area}${CamelTail<Action>}` : never

/** The runtime twin of MethodName. */
export function methodName<C extends Channel>(channel: C): MethodName<C> {
  const [area, action] = channel.split(':') as [string, string]
  const tail = action
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
  return `${area}${tail}` as MethodName<C>
}

/** What the preload exposes as `window.keyward`: the renderer channels only. */
export type KeywardApi = {
  readonly [C in RendererChannel as MethodName<C>]: IpcRequest<C> extends undefined
    ? () => Promise<IpcResult<IpcResponse<C>>>
    : (request: IpcRequest<C>) => Promise<IpcResult<IpcResponse<C>>>
} & {
  /** Subscribes to navigation requests from main; returns an unsubscribe function. */
  readonly onNavigate: (listener: (event: NavigateEvent) => void) => () => void
  /** Subscribes to how timed clipboard copies end; returns an unsubscribe function. */
  readonly onClipboard: (listener: (event: ClipboardEvent) => void) => () => void
}
