/**
 * Runs one command with extra environment variables, as `keyward exec` needs: no shell, stdio
 * inherited (nothing buffered) unless masking, signals sent to keyward passed on to the command,
 * and its exit code or killing signal reported back.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { SecretMask } from './secret-mask'

export interface ChildRun {
  readonly command: string
  readonly args: readonly string[]
  readonly env: NodeJS.ProcessEnv
  /** Secrets to replace in the command's stdout and stderr; null = output untouched. */
  readonly mask: readonly string[] | null
}

export interface ChildExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

/** Signals keyward hands on; a terminal's Ctrl+C reaches the command directly as well. */
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2']

/** Starts the command; rejects with the spawn error (ENOENT, EACCES) when it cannot start. */
export async function runChild(run: ChildRun): Promise<ChildExit> {
  const masked = run.mask !== null
  const child = spawn(run.command, [...run.args], { env: run.env, stdio: ['inherit', masked ? 'pipe' : 'inherit', masked ? 'pipe' : 'inherit'] })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  const outputs: Promise<unknown>[] = []
  // Both reject with the spawn error when the command cannot start.
  const exited = once(child, 'exit')
  exited.catch(() => undefined)
  try {
    await once(child, 'spawn')
    for (const s of FORWARDED) process.on(s, forward)
    if (masked && child.stdout && child.stderr) {
      for (const [from, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ] as const) {
        const mask = new SecretMask(run.mask ?? [])
        from.pipe(mask).pipe(to, { end: false })
        outputs.push(once(mask, 'end'))
      }
    }
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null]
    await Promise.all(outputs)
    return { code, signal }
  } finally {
    for (const s of FORWARDED) process.off(s, forward)
  }
}
