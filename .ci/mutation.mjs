#!/usr/bin/env node
// `npm run test:mutation`: Stryker over the rule modules listed in stryker.config.mjs, then one
// table per module, failing when any module or the whole run scores below the minimum.
//
//   npm run test:mutation                       full run: every rule module, every mutant; refreshes
//                                               .ci/mutation-baseline.json.gz (commit it with the docs)
//   npm run test:mutation -- <module.ts> …      only these modules, against their own *.test.ts (development)
//   npm run test:mutation -- --incremental      CI: reuses the committed baseline, so only mutants in
//                                               code or tests changed since the full run are tested
//
// Reports: reports/mutation/index.html (HTML), reports/mutation/mutation.json.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import config, { minimumScore, ruleModules } from '../stryker.config.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)

// Gzipped: the incremental report holds every module's and test's source (about 2 MB as JSON).
const BASELINE = '.ci/mutation-baseline.json.gz'
const INCREMENTAL_FILE = 'reports/stryker-incremental.json'
const REPORT = config.jsonReporter.fileName

const args = process.argv.slice(2)
const incremental = args.includes('--incremental')
const modules = args.filter((a) => !a.startsWith('--'))
for (const m of modules) {
  if (!existsSync(m)) {
    console.error(`No such module: ${m}`)
    process.exit(2)
  }
}
const full = !incremental && modules.length === 0

const strykerArgs = ['run', 'stryker.config.mjs']
if (modules.length > 0) strykerArgs.push('--mutate', modules.join(','))
if (incremental) {
  mkdirSync(dirname(INCREMENTAL_FILE), { recursive: true })
  if (existsSync(BASELINE)) writeFileSync(INCREMENTAL_FILE, gunzipSync(readFileSync(BASELINE)))
  else console.log(`No ${BASELINE} yet: every mutant runs.`)
  strykerArgs.push('--incremental', '--incrementalFile', INCREMENTAL_FILE)
}
// A full run also writes the incremental file (forcing every mutant), which becomes the new baseline.
if (full) strykerArgs.push('--incremental', '--force', '--incrementalFile', INCREMENTAL_FILE)

rmSync(REPORT, { force: true })
const started = Date.now()
const code = await new Promise((resolve) => {
  const env = { ...process.env }
  // vitest.mutation.config.mjs: a development run tests the named modules against their own tests.
  if (modules.length > 0) env.KEYWARD_MUTATION_MODULES = modules.join(',')
  else delete env.KEYWARD_MUTATION_MODULES
  const child = spawn(join(root, 'node_modules/.bin/stryker'), strykerArgs, { stdio: 'inherit', env })
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
})
const seconds = Math.round((Date.now() - started) / 1000)

if (!existsSync(REPORT)) {
  console.error(`Stryker wrote no report (exit ${code}).`)
  process.exit(code || 1)
}
const report = JSON.parse(readFileSync(REPORT, 'utf8'))

// Stryker's own definition: detected (killed, timed out) over valid mutants; mutants that do not
// compile, crash the runner, or are disabled with a reason do not count either way.
const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])
const rows = []
const total = { detected: 0, undetected: 0, excluded: 0, disabled: 0 }
for (const [file, result] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const row = { file, detected: 0, undetected: 0, excluded: 0, disabled: 0 }
  for (const m of result.mutants) {
    if (DETECTED.has(m.status)) row.detected++
    else if (UNDETECTED.has(m.status)) row.undetected++
    else if (m.status === 'Ignored') row.disabled++
    else row.excluded++
  }
  for (const k of Object.keys(total)) total[k] += row[k]
  rows.push(row)
}
const score = (r) => (r.detected + r.undetected === 0 ? 100 : (100 * r.detected) / (r.detected + r.undetected))
const pct = (r) => `${score(r).toFixed(1)}%`

console.log(`\nMutation score per rule module (minimum ${minimumScore}%), ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Math.floor(seconds / 60)} min ${seconds % 60} s:\n`)
console.log('| module | score | killed | survived | disabled (equivalent) | not compiling |')
console.log('|---|---|---|---|---|---|')
for (const r of rows) {
  console.log(`| ${r.file.replace(/^src-main\//, '')} | ${pct(r)} | ${r.detected} | ${r.undetected} | ${r.disabled} | ${r.excluded} |`)
}
console.log(`| **all** | **${pct(total)}** | ${total.detected} | ${total.undetected} | ${total.disabled} | ${total.excluded} |\n`)

// A survivor whose covering tests did not run at all is no measurement (stryker-js#6213): say so.
const unmeasured = Object.entries(report.files).flatMap(([file, result]) =>
  result.mutants.filter((m) => m.status === 'Survived' && m.testsCompleted === 0 && m.coveredBy?.length).map((m) => `${file}:${m.location.start.line} ${m.mutatorName}`),
)
if (unmeasured.length) console.warn(`Survivors whose tests never ran (a runner fault, not a test gap; rerun): ${unmeasured.join(', ')}`)

const failing = rows.filter((r) => score(r) < minimumScore).map((r) => r.file)
if (score(total) < minimumScore) failing.push('overall')
const missing = full ? ruleModules.filter((m) => !m.includes('*') && !report.files[m]) : []
for (const m of missing) console.error(`Listed rule module ${m} has no mutants in the report.`)
if (failing.length) console.error(`Below ${minimumScore}%: ${failing.join(', ')}. Surviving mutants: reports/mutation/index.html`)

if (full && code === 0 && failing.length === 0 && existsSync(INCREMENTAL_FILE)) {
  writeFileSync(BASELINE, gzipSync(readFileSync(INCREMENTAL_FILE), { level: 9 }))
  console.log(`Baseline for CI's incremental runs refreshed: ${BASELINE}`)
}
process.exit(failing.length || missing.length ? 1 : code)
