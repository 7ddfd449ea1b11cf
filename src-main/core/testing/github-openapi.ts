/**
 * GitHub's REST description from @octokit/openapi as a validator for tests: the response (and
 * request) schemas of a path, compiled with Ajv after turning OpenAPI 3.0's `nullable` into JSON
 * Schema's `type: [..., 'null']`.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Obj = { [k: string]: Json }

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** OpenAPI 3.0 → JSON Schema: `nullable`, and refs made absolute to the document id. */
function convert(node: Json, docId: string): Json {
  if (Array.isArray(node)) return node.map((n) => convert(n, docId))
  if (!isObj(node)) return node
  const out: Obj = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'nullable' || k === 'discriminator' || k === 'example' || k === 'examples') continue
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${docId}${v}` : convert(v, docId)
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] }
    return { anyOf: [out, { type: 'null' }] }
  }
  return out
}

export interface GithubSpec {
  /** The schema errors of `body` as the documented response of `method path` with `status` ([] when valid). */
  responseErrors(method: 'get' | 'post', path: string, status: number, body: unknown): string[]
  requestErrors(method: 'get' | 'post', path: string, body: unknown): string[]
  /** The $refs the documented 200/202 schema of a path names (to check which schema a fake serves). */
  responseRefs(method: 'get' | 'post', path: string, status: number): string[]
}

/** Loads one description (`api.github.com`, `ghes-3.19`, …) from @octokit/openapi. */
export async function loadGithubSpec(name: string): Promise<GithubSpec> {
  const require = createRequire(import.meta.url)
  const file = join(dirname(require.resolve('@octokit/openapi/package.json')), 'generated', `${name}.json`)
  const doc = JSON.parse(await readFile(file, 'utf8')) as Obj
  const docId = `https://keyward.test/${name}`
  const components = doc.components as Obj
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false })
  addFormats(ajv)
  ajv.addSchema({ $id: docId, components: { schemas: convert(components.schemas as Json, docId) } })
  const paths = doc.paths as Obj

  const deref = (node: Json | undefined): Json | undefined => {
    if (isObj(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/components/responses/')) {
      return (components.responses as Obj)[node.$ref.slice('#/components/responses/'.length)]
    }
    return node
  }
  const operation = (method: string, path: string): Obj => {
    const op = (paths[path] as Obj | undefined)?.[method]
    if (!isObj(op)) throw new Error(`${method.toUpperCase()} ${path} is not in ${name}`)
    return op
  }
  const schemaOf = (node: Json | undefined): Json | undefined => {
    const content = isObj(node) && isObj(node.content) ? node.content['application/json'] : undefined
    return isObj(content) ? content.schema : undefined
  }
  const cache = new Map<string, ValidateFunction>()
  const validate = (key: string, schema: Json | undefined, body: unknown): string[] => {
    if (schema === undefined) return [`${key}: no schema documented`]
    let v = cache.get(key)
    if (!v) {
      v = ajv.compile(convert(schema, docId) as object)
      cache.set(key, v)
    }
    return v(body) ? [] : (v.errors ?? []).map((e) => `${key}${e.instancePath} ${e.message ?? ''}`)
  }
  return {
    responseErrors(method, path, status, body) {
      const responses = operation(method, path).responses as Obj
      return validate(`${method} ${path} ${status}`, schemaOf(deref(responses[String(status)])), body)
    },
    requestErrors(method, path, body) {
      return validate(`${method} ${path} request`, schemaOf(operation(method, path).requestBody), body)
    },
    responseRefs(method, path, status) {
      const responses = operation(method, path).responses as Obj
      return JSON.stringify(schemaOf(deref(responses[String(status)])) ?? null).match(/#\/components\/schemas\/[\w-]+/g) ?? []
    },
  }
}
