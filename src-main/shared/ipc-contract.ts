/**
 * The single map of IPC channels: name → request schema → response type.
 * main binds it (src-main/main/ipc.ts), the preload and the e2e browser bridge expose it
 * (one method per renderer channel, named by `methodName`), core implements it (core/handlers.ts).
 */
import { z } from 'zod'
import type {
  AppInfo,
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
import { environmentSchema, settingsPatchSchema } from './schemas'
import type { IpcResult } from './errors'
import { TOKEN_ID_RE } from './token-format'
import { checkDisplayName } from './display-name'

const id = z.string().min(1).max(200)
/** Token ids become keychain account names: only real key ids, never `credential`. */
const tokenId = z.string().regex(TOKEN_ID_RE, 'not a Token API key id')
const environment = environmentSchema
const secretInput = z.string().min(1).max(1000)
const isoDate = z.iso.datetime({ offset: true })
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

  'profiles:list': channel<readonly ProfileView[]>()(none),
  'profiles:add': channel<ProfileView>()(
    z.object({ name: displayName, environment, baseUrl: z.string().min(1).max(2000), credential: secretInput }).strict(),
  ),
  'profiles:update': channel<ProfileView>()(
    z
      .object({
        id,
        name: displayName.optional(),
        environment: environment.optional(),
        baseUrl: z.string().min(1).max(2000).optional(),
        credential: secretInput.optional(),
      })
      .strict(),
  ),
  'profiles:remove': channel<null>()(z.object({ id }).strict()),
  /** Checks a base URL + credential (or a saved profile's) with GET /v1/me without saving anything. */
  'profiles:test': channel<{
    readonly organization: Organization
    readonly keyName: string
    readonly scopes: readonly string[]
    readonly warnings: readonly string[]
  }>()(
    z
      .object({ profileId: id.optional(), environment, baseUrl: z.string().min(1).max(2000), credential: secretInput.optional() })
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
      })
      .strict(),
  ),
  'tokens:revoke': channel<TokenView>()(
    z.object({ profileId: id, tokenId, confirmName: z.string().max(200).optional() }).strict(),
  ),
  /** Copies a stored secret in main; it never reaches the renderer. */
  'tokens:copy': channel<{ readonly clearsAt: string | null }>()(z.object({ profileId: id, tokenId }).strict()),
  'tokens:import': channel<TokenView>()(z.object({ profileId: id, secret: secretInput }).strict()),
  /** Quick switcher: tokens across all profiles (from the cached lists) matching the query. */
  'tokens:search': channel<readonly QuickResult[]>()(z.object({ query: z.string().max(200) }).strict()),

  /** Copies the secret shown once after create/rotate, with the same auto-clear as stored copies. */
  'secret:copy': channel<{ readonly clearsAt: string | null }>()(z.object({ secret: secretInput }).strict()),

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
} as const

export interface NavigateEvent {
  readonly profileId: string | null
  readonly tokenId: string | null
}

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
}
