#!/usr/bin/env node
// Security gate: Electronegativity over the build (out/). The tool always exits 0, so its CSV is
// parsed here: any HIGH or MEDIUM finding fails the gate unless a reviewed allowlist entry
// (.ci/electronegativity-allowlist.json, with a reason) covers it.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
if (!existsSync(join(root, 'out/main/index.js'))) {
  console.error('security gate: out/ is missing — run the build first (npm run build).')
  process.exit(1)
}
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
/** Minimal RFC 4180 parser: quoted fields, doubled quotes, commas and newlines inside quotes. */
function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else if (ch !== '\r') field += ch
  }
  if (field || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** Runs the tool into a fresh file and returns its CSV rows. */
function runTool() {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-eng-'))
  const csvPath = join(dir, 'report.csv')
  const tool = join(root, 'node_modules/@doyensec/electronegativity/dist/index.js')
  const hook = join(root, '.ci/electronegativity-commander.cjs')
  const run = spawnSync(process.execPath, ['-r', hook, tool, '-i', join(root, 'out'), '-o', csvPath, '-e', electronVersion, '-r'], {
    encoding: 'utf8',
  })
  if (!existsSync(csvPath)) {
    console.error('security gate: Electronegativity wrote no report.\n' + run.stdout + run.stderr)
    process.exit(1)
  }
  const rows = parseCsv(readFileSync(csvPath, 'utf8')).filter((r) => r.some((f) => f.trim()))
  rmSync(dir, { recursive: true, force: true })
  return rows
}

const HEADER = ['issue', 'severity', 'confidence', 'filename', 'location', 'sample', 'description', 'url']
const wellFormed = (row) => row.length === HEADER.length && /^[A-Z_]+$/.test(row[0]?.trim() ?? '') && /^(LOW|MEDIUM|HIGH|INFORMATIONAL)$/.test(row[1]?.trim() ?? '')

// The tool writes its CSV header and its rows with two concurrent async writeFile calls
// (dist/util/file.js), so the header sometimes lands over the start of the first row. Such a
// report is unreadable, not clean: run the tool again; five malformed reports in a row fail.
let rows = []
for (let attempt = 1; ; attempt++) {
  rows = runTool()
  const header = rows.shift()?.map((h) => h.trim()) ?? []
  const intact = header.join() === HEADER.join() && rows.every(wellFormed)
  if (intact) break
  if (attempt === 5) {
    console.error('security gate: Electronegativity wrote a malformed CSV five times in a row; its findings cannot be read.')
    process.exit(1)
  }
  console.log(`security gate: the report was malformed (the tool's header/row write race), running it again (${attempt}/5)`)
}
const findings = rows.map((r) => ({
  check: r[0].trim(),
  severity: r[1].trim(),
  file: r[3].trim(),
  location: r[4].trim(),
  description: r[6].trim(),
}))

const allowlist = JSON.parse(readFileSync(join(root, '.ci/electronegativity-allowlist.json'), 'utf8'))
for (const entry of allowlist) {
  if (!entry.check || !entry.reason || entry.reason.length < 20) {
    console.error(`security gate: allowlist entry ${JSON.stringify(entry)} needs a check and a reviewed reason.`)
    process.exit(1)
  }
}
const allowed = (f) => allowlist.find((a) => a.check === f.check && (!a.file || a.file === f.file))
const blocking = ['HIGH', 'MEDIUM']

let failed = 0
console.log(`Electronegativity ${electronVersion}: ${findings.length} finding(s)`)
for (const f of findings) {
  const entry = allowed(f)
  const status = !blocking.includes(f.severity) ? 'ok (low)' : entry ? 'allowed' : 'FAIL'
  if (status === 'FAIL') failed++
  console.log(`  ${status.padEnd(9)} ${f.severity.padEnd(10)} ${f.check} ${f.file}${f.location ? ':' + f.location : ''} — ${f.description}`)
  if (status === 'allowed') console.log(`            reason: ${entry.reason}`)
}
if (failed) {
  console.error(`security gate: ${failed} high/medium finding(s) not in the reviewed allowlist.`)
  process.exit(1)
}
console.log('security gate: passed')
