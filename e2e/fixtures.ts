import { test as base, expect } from '@playwright/test'
import { detectMode, launchApp, type LaunchedApp } from './app'

export { expect }

/** Specs import `test` from here: each test gets a fresh user-data directory and a running app. */
export const test = base.extend<{ app: LaunchedApp }>({
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const app = await launchApp()
    await use(app)
    await app.close()
  },
})

/** Skips a spec that needs Electron itself when running in browser mode, saying why. */
export function electronOnly(reason: string): void {
  test.skip(detectMode() === 'browser', `needs the Electron binary: ${reason}`)
}
