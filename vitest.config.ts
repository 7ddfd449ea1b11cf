import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The same alias as electron.vite.config.ts and both tsconfigs.
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src-main/shared') } },
  test: {
    include: ['src-main/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Builds the keyward CLI bundle the CLI tests run.
    globalSetup: ['src-main/cli/testing/build-bundle.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests share one real keychain and start real servers; keep load sane on 2 cores.
    maxWorkers: 2,
    // Processed by vitest so a test's vi.mock('electron') reaches electron-store's own import.
    server: { deps: { inline: ['electron-store'] } },
  },
})
