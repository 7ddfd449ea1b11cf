import { expect, test } from 'vitest'
import { isReadOnly } from './scope-picker'

test('read scopes of every provider are read-only; anything that can change things is not', () => {
  for (const scope of ['account:read', 'api_keys:read', 'read-only', 'read_api', 'read_repository', 'read:org', 'keys:list']) expect(isReadOnly(scope), scope).toBe(true)
  for (const scope of ['api_keys:write', 'publish', 'api', 'k8s_proxy', 'self_rotate', 'repo', 'write:packages', 'read_write', 'readme:write']) expect(isReadOnly(scope), scope).toBe(false)
})
