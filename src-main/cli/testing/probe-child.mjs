// The command `keyward exec` runs in tests: reports what it received (hashes of secrets, never
// the secrets), then behaves as the test's mode asks. Usage: probe-child.mjs <mode> [NAME…]
import { createHash } from 'node:crypto'

const [mode, ...names] = process.argv.slice(2)
const hash = (v) => (v === undefined ? null : createHash('sha256').update(v).digest('hex'))
process.stdout.write(`${JSON.stringify({ pid: process.pid, env: Object.fromEntries(names.map((n) => [n, hash(process.env[n])])) })}\n`)

const nextLine = () => new Promise((resolve) => process.stdin.once('data', resolve))
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

if (mode === 'wait') {
  // Prints, then waits for the test: output must arrive before the command ends (no buffering).
  const line = String(await nextLine()).trim()
  process.stdout.write(`bye ${line}\n`)
  process.exit(Number(line) || 0)
} else if (mode === 'leak') {
  // Prints each secret whole, and split across two writes some time apart, on stdout and stderr.
  for (const n of names) {
    const s = process.env[n] ?? ''
    const half = Math.floor(s.length / 2)
    process.stdout.write(`whole ${s} end\n`)
    process.stderr.write(`err ${s.slice(0, half)}`)
    process.stdout.write(`split ${s.slice(0, half)}`)
    await pause(60)
    process.stdout.write(`${s.slice(half)} end\n`)
    process.stderr.write(`${s.slice(half)} end\n`)
  }
  process.stdout.write('done sk_ partial\n')
} else if (mode === 'signal') {
  process.on('SIGTERM', () => {
    process.stdout.write('got SIGTERM\n')
    process.exit(42)
  })
  process.stdout.write('waiting\n')
  setInterval(() => {}, 1000)
} else if (mode === 'die') {
  process.kill(process.pid, 'SIGTERM')
  await pause(1000)
}
