/**
 * Runs the real `keyward` command (bin/keyward.cjs) in a child process and records the command
 * line of it and of every process it starts while they run (/proc/<pid>/cmdline), so a test can
 * prove no secret was ever on one.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../../..')
export const KEYWARD_BIN = join(ROOT, 'bin/keyward.cjs')

export interface KeywardRun {
  readonly child: ChildProcess
  /** Every command line seen under the run, keyed by pid (the keyward process first). */
  readonly cmdlines: Map<number, string>
  /** Resolves when keyward has exited. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
  /** Resolves when stdout has contained `text`. */
  waitForStdout(text: string): Promise<void>
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may hold spaces; fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[1])
  } catch {
    return null
  }
}

/** Records the command lines of root and its descendants that exist right now. */
function snapshot(root: number, into: Map<number, string>): void {
  let pids: number[]
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number)
  } catch {
    return
  }
  const parents = new Map(pids.map((p) => [p, parentOf(p)]))
  for (const pid of pids) {
    let p: number | null | undefined = pid
    for (let depth = 0; p && depth < 16; depth++) {
      if (p === root) {
        try {
          const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
          // A process that has just forked shows its parent's command line until it execs: keep every one seen.
          const seen = into.get(pid)
          if (line && !seen?.split('\n').includes(line)) into.set(pid, seen ? `${seen}\n${line}` : line)
        } catch {
          // Gone between the listing and the read.
        }
        break
      }
      p = parents.get(p)
    }
  }
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv
  readonly input?: string
  /** Keep stdin open (the test writes to it). */
  readonly keepStdinOpen?: boolean
  readonly cwd?: string
}

export function runKeyward(args: readonly string[], options: RunOptions = {}): KeywardRun {
  return runWatched(process.execPath, [KEYWARD_BIN, ...args], options)
}

/** Runs any command (git, for the credential helper) with the same watch on its process tree. */
export function runWatched(command: string, args: readonly string[], options: RunOptions = {}): KeywardRun {
  const child = spawn(command, args, { env: { ...process.env, ...options.env }, cwd: options.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
  const cmdlines = new Map<number, string>()
  const watch = setInterval(() => child.pid && snapshot(child.pid, cmdlines), 2)
  if (child.pid) cmdlines.set(child.pid, [command, ...args].join(' '))
  let stdout = ''
  let stderr = ''
  const waiters: Array<{ text: string; resolve: () => void }> = []
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    for (const w of waiters.filter((x) => stdout.includes(x.text))) w.resolve()
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  if (options.input !== undefined) child.stdin.end(options.input)
  else if (!options.keepStdinOpen) child.stdin.end()
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolveDone) => {
    child.on('close', (code, signal) => {
      clearInterval(watch)
      resolveDone({ code, signal, stdout, stderr })
    })
  })
  return {
    child,
    cmdlines,
    done,
    waitForStdout: (text) =>
      new Promise<void>((res) => {
        if (stdout.includes(text)) res()
        else waiters.push({ text, resolve: res })
      }),
  }
}

/** Runs keyward to the end. */
export async function keyward(args: readonly string[], options: RunOptions = {}) {
  const run = runKeyward(args, options)
  return { ...(await run.done), cmdlines: run.cmdlines }
}

/** Where each secret appears in the files under dir, the texts given, or the command lines (never the secret itself). */
export async function secretLeaks(secrets: readonly string[], places: { readonly dirs: readonly string[]; readonly texts: Readonly<Record<string, string>>; readonly cmdlines: Iterable<readonly [number, string]> }): Promise<string[]> {
  const leaks: string[] = []
  const check = (text: string, where: string) => secrets.forEach((s, i) => text.includes(s) && leaks.push(`secret #${i + 1} in ${where}`))
  for (const dir of places.dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true })
    for (const e of entries.filter((x) => x.isFile())) check((await readFile(join(e.parentPath, e.name))).toString('latin1'), join(e.parentPath, e.name))
  }
  for (const [where, text] of Object.entries(places.texts)) check(text, where)
  for (const [pid, line] of places.cmdlines) check(line, `the command line of pid ${pid}`)
  return leaks
}
