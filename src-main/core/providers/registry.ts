/** Every provider Keyward knows, by id. Adding one: a folder beside this file and a line here (docs/providers.md). */
import type { ProviderDescriptor, ProviderId } from '@shared/providers'
import type { Provider } from './port'
import { anySecretProvider } from './any-secret'
import { githubProvider } from './github'
import { gitlabProvider } from './gitlab'
import { npmProvider } from './npm'
import { tokenApiV1Provider } from './token-api-v1'

export const PROVIDERS: Readonly<Record<ProviderId, Provider>> = {
  'token-api-v1': tokenApiV1Provider,
  npm: npmProvider,
  gitlab: gitlabProvider,
  github: githubProvider,
  'any-secret': anySecretProvider,
}

export function providerFor(id: ProviderId): Provider {
  return PROVIDERS[id]
}

/** What the profile dialog offers, in the order it shows them. */
export function providerDescriptors(): ProviderDescriptor[] {
  return Object.values(PROVIDERS).map((p) => p.descriptor)
}
