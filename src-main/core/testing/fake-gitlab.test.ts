/**
 * The fake GitLab's wire shapes proven by an independent client: @gitbeaker/rest, the most used
 * GitLab client, drives it — list (through its Link-header pagination), self, rotate, revoke.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Gitlab } from '@gitbeaker/rest'
import { startFakeGitlab, type FakeGitlab } from './fake-gitlab'

let fake: FakeGitlab
let userId: number

beforeAll(async () => {
  fake = await startFakeGitlab()
  userId = fake.addUser('ada').id
})
afterAll(() => fake.close())

const client = (token: string) => new Gitlab({ host: fake.url, token })

describe('fake GitLab driven by @gitbeaker/rest', () => {
  test('list: every token across pages, with the documented fields', async () => {
    const admin = fake.issue(userId, { name: 'admin', scopes: ['api'] })
    for (let i = 0; i < 24; i++) fake.issue(userId, { name: `t${i}`, scopes: ['read_api'], expiresAt: '2099-01-01' })
    const all = await client(admin.secret).PersonalAccessTokens.all({ perPage: 10 })
    expect(all).toHaveLength(25)
    expect(fake.requests.filter((r) => r.startsWith('GET /api/v4/personal_access_tokens')).length).toBe(3)
    expect(all[0]).toEqual({
      id: admin.id,
      name: 'admin',
      revoked: false,
      created_at: expect.any(String),
      description: null,
      scopes: ['api'],
      user_id: userId,
      last_used_at: expect.any(String),
      active: true,
      expires_at: null,
    })
    const page = await client(admin.secret).PersonalAccessTokens.all({ perPage: 10, page: 3, showExpanded: true, pagination: 'offset' })
    expect(page.paginationInfo).toMatchObject({ total: 25, totalPages: 3, current: 3, next: null, previous: 2, perPage: 10 })
  })

  test('self, rotate, and the rotated token working while the old one is refused', async () => {
    const t = fake.issue(userId, { name: 'ci', scopes: ['api'] })
    const self = await client(t.secret).PersonalAccessTokens.show()
    expect(self).toMatchObject({ id: t.id, name: 'ci', active: true, revoked: false })
    const rotated = await client(t.secret).PersonalAccessTokens.rotate(t.id, { expiresAt: '2099-12-31' })
    expect(rotated).toMatchObject({ name: 'ci', active: true, revoked: false, expires_at: '2099-12-31', token: expect.stringMatching(/^glpat-/) })
    await expect(client(t.secret).PersonalAccessTokens.show()).rejects.toThrow(/Unauthorized/)
    expect(await client(rotated.token).PersonalAccessTokens.show()).toMatchObject({ id: rotated.id })
  })

  test('self-rotate with the self_rotate scope; rotating a revoked token revokes its whole family', async () => {
    const admin = fake.issue(userId, { name: 'admin2', scopes: ['api'] })
    const t = fake.issue(userId, { name: 'deploy', scopes: ['self_rotate'] })
    const next = await client(t.secret).PersonalAccessTokens.rotate('self')
    expect(fake.tokens.get(t.id)?.revoked).toBe(true)
    await expect(client(admin.secret).PersonalAccessTokens.rotate(t.id)).rejects.toThrow(/Unauthorized/)
    expect(fake.tokens.get(next.id)?.revoked).toBe(true)
    expect(fake.tokens.get(admin.id)?.revoked).toBe(false)
  })

  test('revoke by id and self', async () => {
    const admin = fake.issue(userId, { name: 'admin3', scopes: ['api'] })
    const victim = fake.issue(userId, { name: 'old', scopes: ['read_api'] })
    await client(admin.secret).PersonalAccessTokens.remove({ tokenId: victim.id })
    expect((await client(admin.secret).PersonalAccessTokens.show({ tokenId: victim.id })).revoked).toBe(true)
    const me = fake.issue(userId, { name: 'me', scopes: ['read_user'] })
    await client(me.secret).PersonalAccessTokens.remove()
    expect(fake.tokens.get(me.id)?.revoked).toBe(true)
  })
})
