/** `keyward get` and `keyward ls`: output only; the data comes from the secrets-out service. */
import type { TokenListing } from '../../core/services/secrets-out'
import type { CliContext } from '../context'
import { CliError, EXIT } from '../exit-codes'

export interface GetOptions {
  readonly reveal?: boolean
  readonly newline: boolean
}

export async function runGet(ctx: CliContext, reference: string, options: GetOptions, stdout: NodeJS.WriteStream = process.stdout): Promise<void> {
  if (stdout.isTTY && !options.reveal) {
    throw new CliError('refusing to print a secret to a terminal: pipe it (keyward get <ref> | <tool>) or pass --reveal', EXIT.usage)
  }
  const secrets = await ctx.secretsOut.secrets([reference])
  stdout.write(`${secrets.get(reference) ?? ''}${options.newline ? '\n' : ''}`)
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—')

function table(rows: readonly TokenListing[]): string {
  const header = ['PROFILE', 'TOKEN', 'STATUS', 'EXPIRES', 'LAST USED', 'STORED', 'REFERENCE']
  const cells = rows.map((r) => [r.profile, r.token, r.status, day(r.expiresAt), day(r.lastUsed), r.secretStored ? 'yes' : 'no', r.reference])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)))
  const line = (c: readonly string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] as number))).join('  ')
  return [line(header), ...cells.map(line)].join('\n') + '\n'
}

export async function runLs(ctx: CliContext, options: { readonly json?: boolean }, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Promise<void> {
  const [rows, unlisted] = await Promise.all([ctx.secretsOut.list(), ctx.secretsOut.unlisted()])
  for (const p of unlisted) stderr.write(`keyward: the tokens of "${p.name}" were never listed: open the profile in Keyward once.\n`)
  if (options.json) stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
  else if (rows.length === 0) stderr.write('keyward: no tokens.\n')
  else stdout.write(table(rows))
}
