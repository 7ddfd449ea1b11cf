import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ERROR_STATUS, type ErrorCode } from './errors'
import { startTestServer, type TestServer } from './test-helpers'

const DOC = join(resolve(__dirname, '../..'), 'docs/token-api.openapi.yaml')
const METHODS = ['get', 'post', 'put', 'patch', 'delete']

interface Operation {
  responses: Record<string, { $ref?: string; description?: string }>
}
interface Doc {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: { schemas: { ErrorCode: { enum: string[] } }; responses: Record<string, { description: string }> }
}

let server: TestServer
let doc: Doc

beforeAll(async () => {
  server = await startTestServer()
  doc = parse(await readFile(DOC, 'utf8')) as Doc
})
afterAll(() => server.dispose())

const documentedRoutes = (): string[] =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${path}`))

describe('docs/token-api.openapi.yaml', () => {
  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toMatch(/^3\.1\./)
  })

  it('documents exactly the routes the server answers', () => {
    expect(server.api.routes.length).toBeGreaterThanOrEqual(9)
    expect([...documentedRoutes()].sort()).toEqual([...server.api.routes].sort())
  })

  it('lists every error code the server can return, and no other', () => {
    expect([...doc.components.schemas.ErrorCode.enum].sort()).toEqual(Object.keys(ERROR_STATUS).sort())
  })

  it('describes each error code under a response with its HTTP status', () => {
    const texts = new Map<string, string>()
    for (const item of Object.values(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue
        for (const [status, response] of Object.entries(op.responses)) {
          const described = response.$ref ? doc.components.responses[response.$ref.split('/').pop()!]!.description : response.description!
          texts.set(status, `${texts.get(status) ?? ''} ${described}`)
        }
      }
    }
    for (const [code, status] of Object.entries(ERROR_STATUS) as Array<[ErrorCode, number]>) {
      expect(texts.get(String(status)) ?? '', `${code} under ${status}`).toContain(code)
    }
  })

  it('gives every key-authenticated operation its 401, 403 and 429 responses', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      if (path.startsWith('/v1/operator/')) continue
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403', '429']))
      }
    }
  })
})
