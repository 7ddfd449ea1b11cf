// Mutation testing of the modules that hold Keyward's rules (issue 15). Run it through
// `npm run test:mutation` (.ci/mutation.mjs), which prints the per-module table and enforces the
// per-module threshold Stryker itself only checks overall.

/**
 * The rule modules. A glob is fine (a folder of provider logic); each module's own tests are the
 * `*.test.ts` beside it, so every module must be pinned down by its own unit tests, never by an
 * integration test that happens to run through it. Add a module here when it lands on main.
 */
export const ruleModules = [
  'src-main/shared/token-format.ts',
  'src-main/shared/urls.ts',
  'src-main/shared/display-name.ts',
  'src-main/core/health.ts',
  'src-main/core/reminders.ts',
  'src-main/core/profiles.ts',
  'src-main/core/clipboard-guard.ts',
  'src-main/token-api/ip-allowlist.ts',
  'src-main/token-api/rate-limiter.ts',
]

/** The score every module, and the whole run, must reach. */
export const minimumScore = 85

export const testFilesOf = (modules) => modules.map((m) => m.replace(/\.ts$/, '.test.ts'))

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // vitest.mutation.config.mjs includes only the rule modules' own tests; every one of them runs
  // in the dry run, so vitest need not work out which ones import a mutated file.
  vitest: { configFile: 'vitest.mutation.config.mjs', related: false },
  mutate: [...ruleModules, '!**/*.test.ts', '!**/testing/**'],
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  // The machine and CI share two cores with everything else.
  concurrency: 2,
  reporters: ['html', 'json', 'clear-text', 'progress-append-only'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: minimumScore, break: minimumScore },
  ignorePatterns: ['out', 'dist', 'test-results', 'playwright-report', 'reports', 'e2e', 'resources', 'docs'],
  // Loops that never end are caught by Stryker's hit limit; this wall-clock limit is only a backstop,
  // generous because a loaded machine (two cores, several test suites) can stall a healthy run for
  // seconds, and a run stalled past the limit would be scored as a detected mutant.
  timeoutMS: 30_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
}
