/** Names that would garble a notification, the tray or the prod confirmation are refused by core before the API is called. */
import { expect, test } from 'vitest'
import { startTokenApi } from '../token-api/server'
import type { RunningSandbox, SandboxStarter } from './sandbox-server'
import { useHarnesses } from './testing/sandboxed'

const { sandboxed } = useHarnesses()

test('token and profile names with controls, ANSI escapes, bidi overrides or nothing visible are refused in words; 100 emoji are fine', async () => {
  const requests: string[] = []
  const startSandbox: SandboxStarter = async (o) => (await startTokenApi({ ...o, log: (line) => requests.push(line) })) as RunningSandbox
  const { h, dev } = await sandboxed({ startSandbox })
  const create = (name: string) => h.call('tokens:create', { profileId: dev.id, name, scopes: ['dns:read'], expiresAt: null })
  const refused = (message: string) => ({ ok: false, error: { code: 'INVALID_REQUEST', details: [{ field: 'name', message }] } })
  const before = requests.length
  expect(await create('deploy\u001b[31m red')).toMatchObject(refused('The name must not contain control characters (line breaks, tabs, terminal escape sequences).'))
  expect(await create('invoice\u202Etxt.exe')).toMatchObject(refused('The name must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069).'))
  expect(await create('\u200B\u200B')).toMatchObject(refused('The name must contain a visible character.'))
  expect(await create('🔑'.repeat(101))).toMatchObject(refused('The name must be at most 100 characters after trimming.'))
  expect(await h.call('profiles:add', { name: 'ops\nprod', environment: 'dev', baseUrl: dev.baseUrl, credential: 'sk_test_x' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_REQUEST', details: [{ field: 'name' }] },
  })
  // None of them reached the Token API.
  expect(requests.slice(before)).toEqual([])
  // 100 emoji are 200 UTF-16 units but 100 characters: accepted, and stored trimmed.
  const ok = await create(`  ${'🔑'.repeat(100)} `)
  expect(ok).toMatchObject({ ok: true, value: { token: { name: '🔑'.repeat(100) } } })
})
