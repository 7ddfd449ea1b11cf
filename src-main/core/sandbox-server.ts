/**
 * The built-in sandbox: the reference Token API v1 server, run in-process on 127.0.0.1 with its
 * data in the user-data folder, so every feature can be tried with no account anywhere.
 */
import type { Environment } from '../shared/models'

export interface SandboxOrganization {
  readonly id: string
  readonly name: string
  readonly environment: Environment
  readonly status: 'active' | 'suspended'
  /** The admin key's secret: only on the first start of a data dir, null afterwards. */
  readonly admin_key: string | null
}

export interface RunningSandbox {
  readonly url: string
  readonly organizations: readonly SandboxOrganization[]
  close(): Promise<void>
}

/** What core needs of `startTokenApi` (src-main/token-api/server.ts). */
export type SandboxStarter = (options: { dataDir: string; port?: number; host?: string; log?: (line: string) => void }) => Promise<RunningSandbox>

/** Loads the real server lazily: only users who keep the sandbox pay for Fastify at start. */
export const defaultSandboxStarter: SandboxStarter = async (options) => {
  const { startTokenApi } = await import('../token-api/server')
  return startTokenApi(options)
}

function isAddressInUse(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'EADDRINUSE' || /EADDRINUSE|address already in use/i.test(String((error as Error)?.message))
}

/** Starts the sandbox on `preferredPort` when free, otherwise on any free port. */
export async function startSandbox(
  start: SandboxStarter,
  dataDir: string,
  preferredPort: number | null,
  log: (line: string) => void,
): Promise<RunningSandbox> {
  if (preferredPort) {
    try {
      return await start({ dataDir, port: preferredPort, host: '127.0.0.1', log })
    } catch (error) {
      if (!isAddressInUse(error)) throw error
      log(`sandbox: port ${preferredPort} is busy, taking a free one`)
    }
  }
  return start({ dataDir, port: 0, host: '127.0.0.1', log })
}

export function portOf(url: string): number {
  return Number(new URL(url).port)
}
