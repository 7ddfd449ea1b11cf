/** Servers under test run as child processes that print one JSON line when ready. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { ROOT } from './landed'

const READY_TIMEOUT_MS = 60_000

export interface Child<T> {
  readonly ready: T
  stop(): Promise<void>
}

/** Starts `script` (TypeScript, through tsx) and resolves with its first stdout line parsed as JSON. */
export async function startChild<T>(script: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<Child<T>> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const ready = await new Promise<T>((resolve, reject) => {
    // A server that never gets ready must fail the bench, not hang CI.
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${script} was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${stderr}`))
    }, READY_TIMEOUT_MS)
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once('line', (line) => {
      clearTimeout(timer)
      try {
        resolve(JSON.parse(line) as T)
      } catch {
        child.kill('SIGKILL')
        reject(new Error(`${script} printed ${line} instead of its ready line`))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited (${code}) before it was ready:\n${stderr}`))
    })
  })
  return {
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
