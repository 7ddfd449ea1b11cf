/**
 * Which variables `keyward exec` sets: env files (`NAME=keyward://…` lines; comments, blank lines
 * and plain `NAME=value` lines allowed) and `--env NAME=<ref>` arguments, later ones winning.
 * Error messages name the file and line, never a value: a plain value may itself be a secret.
 */
import { readFile } from 'node:fs/promises'
import { KeywardError } from './errors'
import { isReference, parseReference } from '../shared/reference'

export interface EnvSpec {
  /** Variables set to the secret a reference names. */
  readonly references: ReadonlyMap<string, string>
  /** Variables set to a plain value from an env file. */
  readonly plain: ReadonlyMap<string, string>
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

function unquote(value: string): string {
  const v = value.trim()
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1)
  return v
}

/** Parses an env file's text; `where` names it in errors. */
export function parseEnvFile(text: string, where: string): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    // The name is trimmed below, so the spaces after `export` need no trimming here.
    const body = line.startsWith('export ') ? line.slice('export '.length) : line
    const eq = body.indexOf('=')
    const name = body.slice(0, eq).trim()
    if (eq === -1 || !NAME_RE.test(name)) throw new KeywardError('INVALID_REQUEST', `${where}:${i + 1}: expected NAME=value or NAME=keyward://<profile>/<token>.`)
    out.push({ name, value: unquote(body.slice(eq + 1)) })
  })
  return out
}

/** Builds the spec from env files (read in order) and then --env arguments. */
export async function loadEnvSpec(envArgs: readonly string[], envFiles: readonly string[]): Promise<EnvSpec> {
  const references = new Map<string, string>()
  const plain = new Map<string, string>()
  const set = (name: string, value: string, where: string) => {
    references.delete(name)
    plain.delete(name)
    if (isReference(value)) {
      try {
        parseReference(value)
      } catch (error) {
        throw new KeywardError('INVALID_REQUEST', `${where}: ${(error as Error).message}`)
      }
      references.set(name, value)
    } else plain.set(name, value)
  }
  for (const file of envFiles) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      // Stryker disable next-line StringLiteral: Node's file errors always carry a code; the fallback only keeps "undefined" out of the message.
      throw new KeywardError('INVALID_REQUEST', `cannot read the env file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`)
    }
    parseEnvFile(text, file).forEach((e, i) => set(e.name, e.value, `${file} (${e.name}, entry ${i + 1})`))
  }
  for (const arg of envArgs) {
    const eq = arg.indexOf('=')
    const name = arg.slice(0, eq)
    const value = arg.slice(eq + 1)
    const named = eq !== -1 && NAME_RE.test(name)
    if (!named || !isReference(value)) {
      // A plain value here would put it on the command line, where other users' `ps` can read it.
      throw new KeywardError('INVALID_REQUEST', `--env takes NAME=keyward://<profile>/<token>${named ? ` (${name} has no reference; plain values go in an env file)` : ''}.`)
    }
    set(name, value, `--env ${name}`)
  }
  return { references, plain }
}
