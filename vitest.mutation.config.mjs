// The tests Stryker runs (stryker.config.mjs): only the unit tests beside the rule modules, chosen
// here rather than with Stryker's testFiles, which activates module-level ("static") mutants too
// late and reports them as survivors (stryker-js#6144, 9.6.1). .ci/mutation.mjs narrows the
// list to the modules of a development run through KEYWARD_MUTATION_MODULES.
import { defineConfig } from 'vitest/config'
import base from './vitest.config.ts'
import { ruleModules, testFilesOf } from './stryker.config.mjs'

const modules = process.env.KEYWARD_MUTATION_MODULES ? process.env.KEYWARD_MUTATION_MODULES.split(',') : ruleModules

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: testFilesOf(modules),
    // Unit tests take milliseconds; a mutant that hangs one fails it here instead of waiting out Stryker's timeout.
    testTimeout: 5_000,
  },
})
