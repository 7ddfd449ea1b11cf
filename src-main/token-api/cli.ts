import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { startTokenApi, type RunningTokenApi } from './server'

const USAGE =
  'Usage: npm run token-api -- --port <n> --data-dir <dir> [--host <addr>] [--rate-limit <requests per minute per key>] [--ip-rate-limit <requests per minute per address>] [--scopes <catalog.json>]'

/** Parses the command line, starts the server and prints the one ready line. */
export async function main(argv: readonly string[]): Promise<RunningTokenApi> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'rate-limit': { type: 'string', default: '600' },
      'ip-rate-limit': { type: 'string', default: '6000' },
      scopes: { type: 'string' },
    },
    strict: true,
  })
  const port = Number(values.port)
  const rateLimit = Number(values['rate-limit'])
  const ipRateLimit = Number(values['ip-rate-limit'])
  if (!values['data-dir']) throw new Error(`--data-dir is required.\n${USAGE}`)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535.\n${USAGE}`)
  if (!Number.isInteger(rateLimit) || rateLimit < 0) throw new Error(`--rate-limit must be a whole number (0 disables it).\n${USAGE}`)
  if (!Number.isInteger(ipRateLimit) || ipRateLimit < 0) throw new Error(`--ip-rate-limit must be a whole number (0 disables it).\n${USAGE}`)
  let scopes: Array<{ name: string; description: string }> | undefined
  if (values.scopes) {
    try {
      scopes = JSON.parse(await readFile(values.scopes, 'utf8')) as Array<{ name: string; description: string }>
    } catch (e) {
      throw new Error(`Cannot read the scope catalog ${values.scopes}: ${(e as Error).message}`)
    }
  }
  const api = await startTokenApi({
    dataDir: values['data-dir'],
    port,
    host: values.host,
    rateLimitPerMinute: rateLimit,
    ipRateLimitPerMinute: ipRateLimit,
    scopes,
    // stdout carries only the ready line; logs go to stderr and never contain a secret.
    log: (line) => process.stderr.write(`${line}\n`),
  })
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', url: api.url, operator_token: api.operatorToken, organizations: api.organizations })}\n`,
  )
  return api
}

const isEntry = process.argv[1] !== undefined && /token-api[\\/]cli\.[cm]?[tj]s$/.test(process.argv[1])
if (isEntry) {
  main(process.argv.slice(2)).then(
    (api) => {
      const stop = (signal: string) => {
        process.stderr.write(`${signal} received, shutting down\n`)
        api.close().then(
          () => process.exit(0),
          (e: unknown) => {
            process.stderr.write(`shutdown failed: ${(e as Error).message}\n`)
            process.exit(1)
          },
        )
      }
      process.once('SIGTERM', () => stop('SIGTERM'))
      process.once('SIGINT', () => stop('SIGINT'))
    },
    (e: unknown) => {
      process.stderr.write(`token-api: ${(e as Error).message}\n`)
      process.exit(1)
    },
  )
}
