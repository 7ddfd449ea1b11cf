/** `keyward exec`: resolve every reference first, then run the command with the secrets in its environment only. */
import { constants } from 'node:os'
import { runChild } from '../../core/child-runner'
import { loadEnvSpec } from '../../core/env-spec'
import type { CliContext } from '../context'
import { CliError, EXIT } from '../exit-codes'

export interface ExecOptions {
  readonly env: readonly string[]
  readonly envFile: readonly string[]
  readonly mask?: boolean
}

/** Runs the command; resolves to its exit code, or kills keyward with the command's signal. */
export async function runExec(ctx: CliContext, command: string, args: readonly string[], options: ExecOptions): Promise<number> {
  const spec = await loadEnvSpec(options.env, options.envFile)
  // Every reference is checked before the command starts: nothing runs with half its secrets.
  const secrets = await ctx.secretsOut.secrets([...spec.references.values()])
  const env: NodeJS.ProcessEnv = { ...process.env, ...Object.fromEntries(spec.plain) }
  for (const [name, ref] of spec.references) env[name] = secrets.get(ref)
  let exit
  try {
    exit = await runChild({ command, args, env, mask: options.mask ? [...secrets.values()] : null })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new CliError(`command not found: ${command}`, EXIT.commandNotFound)
    if (code === 'EACCES') throw new CliError(`cannot execute ${command}: permission denied`, EXIT.cannotExecute)
    throw new CliError(`cannot start ${command} (${code ?? 'error'})`, EXIT.cannotExecute)
  }
  if (exit.signal) {
    // Die of the same signal, so whoever runs keyward sees what happened to the command; for a
    // signal Node does not die of (SIGUSR1 starts its inspector), the shell's 128+n.
    process.kill(process.pid, exit.signal)
    return 128 + signalNumber(exit.signal)
  }
  return exit.code ?? EXIT.failure
}

function signalNumber(signal: NodeJS.Signals): number {
  return (constants.signals as Record<string, number | undefined>)[signal] ?? 0
}
