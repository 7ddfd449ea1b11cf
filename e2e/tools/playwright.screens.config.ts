import { defineConfig } from '@playwright/test'

/**
 * The screenshot tool (e2e/tools/screens.shots.ts), apart from the suite: `npm test` runs
 * playwright.config.ts, whose specs are *.spec.ts under e2e/, and never this.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.shots\.ts$/,
  workers: 1,
  timeout: 300_000,
  // A step that cannot act (a button off screen, under an overlay) fails in seconds and says why.
  use: { actionTimeout: 10_000 },
  expect: { timeout: 10_000 },
  reporter: 'list',
})
