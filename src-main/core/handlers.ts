/** The contract's channels, each mapped to one service call. Rules live in the services, never here. */
import type { HandlerTable } from './ipc-dispatch'
import type { Services } from './app-core'
import { providerCatalog } from './providers/catalog'

export function createHandlers(s: Services): HandlerTable {
  return {
    'app:info': () => s.app.info(),
    'providers:list': async () => providerCatalog(),
    'app:dismiss-welcome': async () => s.app.dismissWelcome(),
    'profiles:list': () => s.profiles.list(),
    'profiles:add': (req) => s.profiles.add(req),
    'profiles:update': (req) => s.profiles.update(req),
    'profiles:remove': (req) => s.profiles.remove(req.id),
    'profiles:test': (req) => s.profiles.test(req),
    'tokens:list': (req) => s.tokens.list(req.profileId),
    'tokens:scopes': (req) => s.tokens.scopes(req.profileId),
    'tokens:create': (req) => s.tokens.create(req),
    'tokens:rotate': (req) => s.tokens.rotate(req),
    'tokens:revoke': (req) => s.tokens.revoke(req),
    'tokens:copy': (req) => s.tokens.copy(req),
    'tokens:import': (req) => s.tokens.import(req),
    'tokens:search': (req) => s.tokens.search(req.query),
    'secret:copy': (req) => s.tokens.copySecret(req.secret),
    'reminders:check': () => s.reminders.check(),
    'reminders:snooze': async (req) => s.reminders.snooze(req),
    'settings:get': async () => s.settings.get(),
    'settings:update': (req) => s.settings.update(req),
    'rotation:dismiss': async (req) => s.app.dismissRotation(req.id),
    'sandbox:remove': () => s.sandbox.remove(),
  }
}
