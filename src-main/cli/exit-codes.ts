/** The CLI's exit codes and its one-line error output. Everything it prints for a failure is here. */
import { KeywardError } from '../core/errors'
import { BadReferenceError } from '../shared/reference'

export const EXIT = {
  ok: 0,
  /** Anything unexpected. */
  failure: 1,
  /** Bad arguments, a malformed reference or env file, `get` to a terminal without --reveal. */
  usage: 2,
  /** A reference names no profile or token, or more than one. */
  reference: 3,
  /** The token is revoked or expired, or its secret is not in the keychain. */
  unusable: 4,
  /** The keychain is locked or unavailable. */
  keychain: 5,
  /** The data directory is missing or unreadable. */
  data: 6,
  /** exec: the command could not be started (not executable / not found, as shells do). */
  cannotExecute: 126,
  commandNotFound: 127,
} as const

export const EXIT_CODES_HELP = `
Exit codes:
  0    success (exec: the command’s own exit code; a command killed by a signal kills keyward with it)
  1    unexpected failure
  2    usage: bad arguments, malformed reference or env file, get to a terminal without --reveal
  3    a reference names no profile or token, or more than one (the message lists the candidates)
  4    the token is revoked or expired, or its secret is not stored in the keychain
  5    the system keychain is locked or unavailable
  6    the data directory is missing or cannot be read
  126  exec: the command cannot be executed
  127  exec: the command was not found`

/** An error the CLI raises itself, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode
  if (error instanceof BadReferenceError) return error.kind === 'syntax' ? EXIT.usage : EXIT.reference
  if (error instanceof KeywardError) {
    switch (error.code) {
      case 'KEY_NOT_ACTIVE':
      case 'SECRET_NOT_STORED':
        return EXIT.unusable
      case 'KEYCHAIN_UNAVAILABLE':
        return EXIT.keychain
      // The reader's words for "no Keyward data here" and "a file it cannot read".
      case 'PROFILE_NOT_FOUND':
      case 'SETTINGS_CORRUPT':
        return EXIT.data
      case 'NOT_FOUND':
        return EXIT.reference
      case 'INVALID_REQUEST':
        return EXIT.usage
      default:
        return EXIT.failure
    }
  }
  return EXIT.failure
}

/** Prints one line, no stack, and gives the exit code. Messages never carry a secret. */
export function reportError(error: unknown, write: (line: string) => void = (l) => process.stderr.write(l)): number {
  const known = error instanceof CliError || error instanceof BadReferenceError || error instanceof KeywardError
  const message = error instanceof Error ? error.message : String(error)
  write(`keyward: ${known ? '' : 'unexpected error: '}${message.replace(/\s*\n\s*/g, ' ')}\n`)
  return exitCodeOf(error)
}
