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
  The token detail in Keyward shows each token’s reference; \`keyward ls\` lists them all.`

const ENV_HELP = `
Environment:
  KEYWARD_USER_DATA          the data directory (as --user-data-dir)
  KEYWARD_KEYCHAIN_SERVICE   the keychain service (as --keychain-service)`


const collect = (value: string, previous: readonly string[] | undefined) => [...(previous ?? []), value]

/** The options every command takes, before or after its name (`keyward ls --user-data-dir d`). */
function withGlobalOptions(command: Command): Command {
  return command
    .addOption(new Option('--user-data-dir <dir>', "Keyward’s data directory (default: the app’s)"))
    .addOption(new Option('--keychain-service <name>', 'keychain service to read (default: "Keyward", then "Keyward Dev")'))
}

function globals(command: Command): GlobalOptions {
  // The innermost command's value wins (given after its name) over its parents'.
  let userDataDir: string | undefined
  let keychainService: string | undefined
  for (let c: Command | null = command; c; c = c.parent) {
    const o = c.opts<GlobalOptions>()
    userDataDir ??= o.userDataDir
    keychainService ??= o.keychainService
  }
  return { userDataDir, keychainService }
}

/** The program with every command. */
export function buildProgram(): Command {
  const program = withGlobalOptions(new Command('keyward'))
    .description('Use the tokens Keyward keeps in the system keychain from the command line, without the clipboard.')
    // Options after a command's name are that command's; exec passes the rest to its command.
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .addHelpText('after', `${REFERENCE_HELP}\n${EXIT_CODES_HELP}\n${ENV_HELP}`)

  withGlobalOptions(program.command('get'))
    .description('print the secret a reference names, for pipes')
    .argument('<reference>', 'keyward://<profile>/<token>')
    .option('--reveal', 'print even when stdout is a terminal')
    .option('-n, --no-newline', 'no newline after the secret')
    .addHelpText('after', `\nExample:\n  keyward get 'keyward://Sandbox dev/ci deploy' | docker login --password-stdin -u ci registry.example\n${EXIT_CODES_HELP}`)
    .action(async (reference: string, options: { reveal?: boolean; newline: boolean }, command: Command) => {
      const { runGet } = await import('./commands/read')
      await runGet(cliContext(globals(command)), reference, options)
    })

  withGlobalOptions(program.command('ls'))
    .description('list every token: profile, status, expiry, last use, whether its secret is stored, its reference')
    .option('--json', 'one JSON array of objects (fields: reference, profile, profileId, environment, token, tokenId, status, expiresAt, lastUsed, secretStored, listedAt)')
    .addHelpText('after', `\nStatus and last use are as of Keyward’s last token list (listedAt); expiry is checked against now.\n${EXIT_CODES_HELP}`)
    .action(async (options: { json?: boolean }, command: Command) => {
      const { runLs } = await import('./commands/read')
      await runLs(cliContext(globals(command)), options)
    })

  withGlobalOptions(program.command('exec'))
    .description("run a command with secrets in its environment (and nowhere else)")
    .passThroughOptions()
    .argument('<command>', 'the command (after -- when it starts with -)')
    .argument('[args...]', 'its arguments')
    .option('--env <NAME=reference>', 'set NAME to the secret a reference names (repeatable)', collect)
    .option('--env-file <file>', 'NAME=keyward://… lines; comments, blank lines and plain NAME=value lines allowed (repeatable; --env wins)', collect)
    .option('--mask', 'replace each injected secret in the command\'s stdout and stderr with <concealed>')
    .addHelpText(
      'after',
      `
Every reference is resolved and checked before the command starts: a missing, revoked or expired
token, or one whose secret is not stored, fails naming it, and the command does not run. The command’s
exit code is keyward’s; a signal sent to keyward is passed on to it. Output is not buffered, except
with --mask, which holds back only bytes that could be the start of a secret (with --mask the
command writes to pipes, not to the terminal).

Example:
  keyward exec --env API_KEY='keyward://Sandbox dev/CI deploy' -- ./deploy.sh --prod
  keyward exec --env-file .env.keyward --mask -- npm test
${EXIT_CODES_HELP}`,
    )
    .action(async (command: string, args: string[], options: { env?: string[]; envFile?: string[]; mask?: boolean }, cmd: Command) => {
      const { runExec } = await import('./commands/exec')
      process.exitCode = await runExec(cliContext(globals(cmd)), command, args, { env: options.env ?? [], envFile: options.envFile ?? [], mask: options.mask })
    })

  const git = withGlobalOptions(program.command('git-credential'))
    .description("a git credential helper: answers git with the token mapped to the host")
    .addHelpText(
      'after',
      `
Set up (git runs the helper with get, store or erase appended):
  keyward git-credential map github.com 'keyward://Work/GitHub push'
  git config --global credential.https://github.com.helper '!/path/to/keyward/bin/keyward.cjs git-credential'

get answers with the mapped token’s secret (checked like exec: revoked, expired or not stored
fails on stderr), only over https or to this machine; nothing for an unmapped host, so git asks the
next helper. store and erase never change or delete a token Keyward manages.
${EXIT_CODES_HELP}`,
    )
  // Actions git may add later are read and ignored, as git-credential(1) asks of helpers.
  git.argument('[action]').action(async (action: string | undefined, _options: object, command: Command) => {
    if (!action) return command.help()
    const { runGitIgnore } = await import('./commands/git-credential')
    await runGitIgnore()
  })
  withGlobalOptions(git.command('get'))
    .description("git’s get: reads protocol, host, path, username from stdin; prints username and password")
    .action(async (_options: object, command: Command) => {
      const { runGitGet } = await import('./commands/git-credential')
      await runGitGet(cliContext(globals(command)))
    })
  for (const action of ['store', 'erase']) {
    withGlobalOptions(git.command(action))
      .description(`git’s ${action}: read and ignored — Keyward’s tokens are managed in Keyward`)
      .action(async () => {
        const { runGitIgnore } = await import('./commands/git-credential')
        await runGitIgnore()
      })
  }
  withGlobalOptions(git.command('map'))
    .description('map a host to a token reference; with no arguments, list the map')
    .argument('[host]', 'as git sends it: example.com or example.com:8443')
    .argument('[reference]', 'keyward://<profile>/<token>')
    .option('--username <name>', 'username to send when git has none (default: keyward)')
    .option('--remove', 'remove the host from the map')
    .action(async (host: string | undefined, reference: string | undefined, options: { username?: string; remove?: boolean }, command: Command) => {
      const { runGitMap } = await import('./commands/git-credential')
      await runGitMap(cliContext(globals(command)), host, reference, options)
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
