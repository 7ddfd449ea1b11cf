/** `keyward git-credential …`: git's stdin/stdout and the host map's listing; the rules are in core. */
import { credentialLine, parseCredentialRequest } from '../../core/git-credential-rules'
import { answerCredentialGet, mapGitHost, readGitHostMap, unmapGitHost } from '../../core/services/git-credentials'
import type { CliContext } from '../context'
import { CliError, EXIT } from '../exit-codes'

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = ''
  for await (const chunk of stream) text += String(chunk)
  return text
}

export async function runGitGet(ctx: CliContext, stdin: NodeJS.ReadableStream = process.stdin, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  const answer = await answerCredentialGet(ctx.dataDir, ctx.secretsOut, parseCredentialRequest(await readAll(stdin)))
  if (answer.kind === 'refused') throw new CliError(answer.reason, EXIT.usage)
  if (answer.kind === 'credential') stdout.write(credentialLine('username', answer.username) + credentialLine('password', answer.password))
}

/**
 * `store` and `erase`: git reports a credential that worked or failed. Keyward's tokens are
 * managed in Keyward, so neither ever changes or deletes one; the request is read and let go.
 */
export async function runGitIgnore(stdin: NodeJS.ReadableStream = process.stdin): Promise<void> {
  await readAll(stdin)
}

export async function runGitMap(ctx: CliContext, host: string | undefined, reference: string | undefined, options: { readonly username?: string; readonly remove?: boolean }, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (options.remove) {
    if (!host || reference) throw new CliError('--remove takes a host and no reference: keyward git-credential map --remove <host>', EXIT.usage)
    if (!(await unmapGitHost(ctx.dataDir, host))) throw new CliError(`${host} is not mapped.`, EXIT.reference)
    return
  }
  if (host && reference) {
    await mapGitHost(ctx.dataDir, ctx.secretsOut, host, reference, options.username ?? null)
    return
  }
  if (host) throw new CliError('map takes a host and a reference (or neither, to list): keyward git-credential map <host> <reference>', EXIT.usage)
  const map = await readGitHostMap(ctx.dataDir)
  for (const [h, e] of Object.entries(map)) stdout.write(`${h}  ${e.reference}${e.username ? `  (username ${e.username})` : ''}\n`)
}
