#!/usr/bin/env node
// `npm test`: every check Keyward has, in order, failing if any part fails, closing with one
// summary line `N passed, N failed` totalled over all runners. Checks that are not test runners
// (typecheck, lint, build, security gate) count as one test each.
// On Linux it re-runs itself inside a private D-Bus session with an unlocked gnome-keyring in a
// throwaway HOME (.ci/with-keyring.sh), so integration tests use a real Secret Service and never
// the user's own keyring.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)

if (process.platform === 'linux' && process.env.KEYWARD_KEYRING_SESSION !== '1') {
  const child = spawn('bash', ['.ci/with-keyring.sh', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit' })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
} else {
  await main()
}

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

async function main() {
  const totals = { passed: 0, failed: 0, skipped: 0 }
  const failures = []
  const bin = (name) => join(root, 'node_modules/.bin', name)

  const check = async (name, cmd, args) => {
    console.log(`\n=== ${name}`)
    const code = await run(cmd, args)
    if (code === 0) totals.passed++
    else {
      totals.failed++
      failures.push(name)
    }
    return code
  }

  const runner = async (name, cmd, args, resultFile, count) => {
    console.log(`\n=== ${name}`)
    rmSync(resultFile, { force: true })
    const code = await run(cmd, args)
    const report = readJson(resultFile)
    const counted = report ? count(report) : null
    if (!counted || counted.passed + counted.failed === 0) {
      // A runner that crashed or ran nothing is one failure, never a silent pass.
      totals.failed++
      failures.push(`${name} (no results${code ? `, exit ${code}` : ''})`)
      return
    }
    totals.passed += counted.passed
    totals.failed += counted.failed
    totals.skipped += counted.skipped
    if (counted.failed > 0 || code !== 0) failures.push(name)
    if (code !== 0 && counted.failed === 0) {
      totals.failed++
    }
  }

  await check('typecheck (node side)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit'])
  await check('typecheck (renderer)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit'])
  await check('lint', bin('eslint'), ['--max-warnings', '0', '.'])
  await runner('unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest-results.json'], 'test-results/vitest-results.json', (r) => ({
    passed: r.numPassedTests ?? 0,
    failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0),
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  }))
  // Mutation testing of the rule modules (issue 15, docs/testing.md), incremental against the
  // committed baseline of the last full run: only mutants in code or tests changed since are tested.
  await check('mutation testing of changed rule modules (Stryker, incremental)', process.execPath, ['.ci/mutation.mjs', '--incremental'])
  const buildCode = await check('production build', bin('electron-vite'), ['build'])
  if (existsSync('.ci/security-gate.mjs')) await check('security gate (electronegativity)', process.execPath, ['.ci/security-gate.mjs'])
  if (buildCode === 0) {
    await runner('e2e (Playwright)', bin('playwright'), ['test'], 'test-results/e2e-results.json', (r) => ({
      passed: r.stats?.expected ?? 0,
      failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0) + (r.errors?.length ?? 0),
      skipped: r.stats?.skipped ?? 0,
    }))
  } else {
    totals.failed++
    failures.push('e2e (not run: the build failed)')
  }

  console.log('')
  if (failures.length) console.log(`Failed: ${failures.join('; ')}`)
  console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`)
  process.exit(totals.failed > 0 ? 1 : 0)
}
