/**
 * Run as a child process with a broken D-Bus address, so the real keytar cannot reach any Secret
 * Service. Prints one JSON line with what the user would see. Used by keychain-unavailable.test.ts.
 */
import keytar from 'keytar'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAppCore } from '../app-core'
import { dispatch } from '../ipc-dispatch'
import { KeytarVault } from '../vault'
import { startTokenApi } from '../../token-api/server'
import { MemoryClipboard, RecordingNotifier } from './fakes'

const dir = await mkdtemp(join(tmpdir(), 'keyward-nokeychain-'))
const apiDir = await mkdtemp(join(tmpdir(), 'keyward-nokeychain-api-'))
const api = await startTokenApi({ dataDir: apiDir })
const logs: string[] = []
const core = await createAppCore({
  userDataDir: dir,
  appVersion: '0.0.0-test',
  mode: 'development',
  vault: new KeytarVault(keytar, 'Keyward Test NoKeychain', 3000),
  clipboard: new MemoryClipboard(),
  notifier: new RecordingNotifier(),
  log: (l) => logs.push(l),
})
const info = await dispatch(core.handlers, 'app:info', undefined)
const profiles = await dispatch(core.handlers, 'profiles:list', undefined)
const dev = api.organizations.find((o) => o.environment === 'dev')
const add = await dispatch(core.handlers, 'profiles:add', { name: 'Dev', environment: 'dev', baseUrl: api.url, credential: dev?.admin_key ?? '' })
const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { profiles: unknown[] }
await core.shutdown()
await api.close()
await rm(dir, { recursive: true, force: true })
await rm(apiDir, { recursive: true, force: true })
process.stdout.write(`${JSON.stringify({ info, profiles, add, savedProfiles: config.profiles.length, logs })}\n`)
process.exit(0)
