/**
 * Rotation rules of issue 11 through core's dispatch, against the real Token API server on loopback
 * and the real keychain (private D-Bus session, .ci/with-keyring.sh).
 */
import { describe, expect, test } from 'vitest'
import { startTokenApi } from '../../token-api/server'
import type { RunningSandbox, SandboxStarter } from '../sandbox-server'
import { useHarnesses } from '../testing/sandboxed'

const { sandboxed } = useHarnesses()

/** A sandbox whose request log (method, route, status; never a secret) the test can read. */
function loggedSandbox(): { startSandbox: SandboxStarter; requests: string[] } {
  const requests: string[] = []
  const startSandbox: SandboxStarter = async (o) => (await startTokenApi({ ...o, log: (line) => requests.push(line) })) as RunningSandbox
  return { startSandbox, requests }
}

describe('one operation at a time per token', () => {
  test('a double click on rotate makes one rotation; the second click is told the token was just rotated', async () => {
    const { startSandbox, requests } = loggedSandbox()
    const { h, dev } = await sandboxed({ startSandbox })
    const created = await h.ok('tokens:create', { profileId: dev.id, name: 'double click', scopes: ['dns:read'], expiresAt: null })
    const rotate = { profileId: dev.id, tokenId: created.token.id, gracePeriodSeconds: 0 }
    const [first, second] = await Promise.all([h.call('tokens:rotate', rotate), h.call('tokens:rotate', rotate)])
    expect(first.ok).toBe(true)
    const successor = first.ok ? first.value.token.id : ''
    expect(second).toEqual({
      ok: false,
      error: {
        code: 'KEY_ALREADY_ROTATED',
        successorId: successor,
        message: `This token was just rotated: its replacement is ${successor}. It was not rotated a second time; rotate the replacement if you need another.`,
      },
    })
    expect(requests.filter((r) => r.startsWith('POST /v1/api-keys/:id/rotate'))).toHaveLength(1)
    const live = (await h.ok('tokens:list', { profileId: dev.id })).tokens.filter((t) => t.name === 'double click' && t.status === 'active')
    expect(live.map((t) => t.id)).toEqual([successor])
  })

  test('rotate and revoke of one token run one after the other', async () => {
    const { startSandbox, requests } = loggedSandbox()
    const { h, dev } = await sandboxed({ startSandbox })
    const created = await h.ok('tokens:create', { profileId: dev.id, name: 'rotate then revoke', scopes: ['dns:read'], expiresAt: null })
    const before = requests.length
    const [rotated, revoked] = await Promise.all([
      h.call('tokens:rotate', { profileId: dev.id, tokenId: created.token.id, gracePeriodSeconds: 3600 }),
      h.call('tokens:revoke', { profileId: dev.id, tokenId: created.token.id }),
    ])
    expect(rotated.ok && revoked.ok).toBe(true)
    const calls = requests.slice(before).map((r) => r.split(' ').slice(0, 2).join(' '))
    // The revoke's own look-up comes only after the rotation has finished.
    expect(calls.indexOf('DELETE /v1/api-keys/:id')).toBeGreaterThan(calls.indexOf('POST /v1/api-keys/:id/rotate'))
    expect(calls.lastIndexOf('GET /v1/me')).toBeLessThan(calls.indexOf('DELETE /v1/api-keys/:id'))
  })
})
