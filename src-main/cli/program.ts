/**
 * The `keyward` command: argument parsing and output. Every rule — references, checks, the git
 * host map — is a core service; each command's module is loaded only when it runs.
 */
import { Command, CommanderError, Option } from 'commander'
import { cliContext, type GlobalOptions } from './context'
import { EXIT, EXIT_CODES_HELP, reportError } from './exit-codes'

const REFERENCE_HELP = `
References:
  keyward://<profile>/<token>   profile by name or id, token by name or id; names match
                                case-insensitively. Write a "/" inside a profile name as %2F.
  The token detail in Keyward shows each token's reference; \`keyward ls\` lists them all.`

const ENV_HELP = `
Environment:
  KEYWARD_USER_DATA          the data directory (as --user-data-dir)
  KEYWARD_KEYCHAIN_SERVICE   the keychain service (as --keychain-service)`


function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>()
}

/** The program with every command. */
export function buildProgram(): Command {
  const program = new Command('keyward')
    .description('Use the tokens Keyward keeps in the system keychain from the command line, without the clipboard.')
    .addOption(new Option('--user-data-dir <dir>', "Keyward's data directory (default: the app's)"))
    .addOption(new Option('--keychain-service <name>', 'keychain service to read (default: "Keyward", then "Keyward Dev")'))
    .showSuggestionAfterError()
    .addHelpText('after', `${REFERENCE_HELP}\n${EXIT_CODES_HELP}\n${ENV_HELP}`)

  program
    .command('get')
    .description('print the secret a reference names, for pipes')
    .argument('<reference>', 'keyward://<profile>/<token>')
    .option('--reveal', 'print even when stdout is a terminal')
    .option('-n, --no-newline', 'no newline after the secret')
    .addHelpText('after', `\nExample:\n  keyward get 'keyward://Sandbox dev/ci deploy' | docker login --password-stdin -u ci registry.example\n${EXIT_CODES_HELP}`)
    .action(async (reference: string, options: { reveal?: boolean; newline: boolean }, command: Command) => {
      const { runGet } = await import('./commands/read')
      await runGet(cliContext(globals(command)), reference, options)
    })

  program
    .command('ls')
    .description('list every token: profile, status, expiry, last use, whether its secret is stored, its reference')
    .option('--json', 'one JSON array of objects (fields: reference, profile, profileId, environment, token, tokenId, status, expiresAt, lastUsed, secretStored, listedAt)')
    .addHelpText('after', `\nStatus and last use are as of Keyward's last token list (listedAt); expiry is checked against now.\n${EXIT_CODES_HELP}`)
    .action(async (options: { json?: boolean }, command: Command) => {
      const { runLs } = await import('./commands/read')
      await runLs(cliContext(globals(command)), options)
    })

  return program
}

/** Runs the CLI on argv (as process.argv) and resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram()
  let code: number = EXIT.ok
  const overrideAll = (command: Command) => {
    command.exitOverride().configureOutput({
      // Commander's own errors on one line, in the same form as every other error.
      outputError: (text, write) => write(`keyward: ${text.replace(/^error: /, '').trim()}\n`),
    })
    for (const sub of command.commands) overrideAll(sub)
  }
  overrideAll(program)
  try {
    await program.parseAsync(argv as string[])
    // exec passes on its command's exit code this way.
    if (typeof process.exitCode === 'number') code = process.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; every parse error is a usage error.
      code = error.exitCode === 0 ? EXIT.ok : EXIT.usage
    } else {
      code = reportError(error)
    }
  }
  return code
}
