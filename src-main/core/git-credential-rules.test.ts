/** git's credential protocol, host names, the host map's file and which host gets which token. */
import { describe, expect, test } from 'vitest'
import {
  credentialLine,
  gitHostEntry,
  gitHostMapFromJson,
  gitHostMapToJson,
  matchCredentialRequest,
  normalizeHost,
  parseCredentialRequest,
  requestedHost,
  type GitHostEntry,
} from './git-credential-rules'

const refusal = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message }
  }
  throw new Error('expected a refusal')
}

describe('host names, as git sends them', () => {
  test.each([
    ['GitHub.com', 'github.com'],
    ['  git.example.test ', 'git.example.test'],
    ['ci.example.test:8443', 'ci.example.test:8443'],
    ['gitlab.local:1', 'gitlab.local:1'],
    ['10.0.0.7:65535', '10.0.0.7:65535'],
    ['[::1]', '[::1]'],
    ['[FE80::1]:8443', '[fe80::1]:8443'],
    ['[::ffff:127.0.0.1]', '[::ffff:127.0.0.1]'],
  ])('%s → %s', (host, normalized) => {
    expect(normalizeHost(host)).toBe(normalized)
  })

  test.each(['', 'git example.test', 'git.example.test/team', 'user@git.example.test', 'git.example.test:123456', 'git.example.test:', 'https://git.example.test', '[g::1]', 'x[::1]', '[::1]x', '[::1]:123456', 'git_example.test'])(
    'refuses %j, saying how to write it',
    (host) => {
      expect(refusal(() => normalizeHost(host))).toEqual({
        code: 'INVALID_REQUEST',
        message: `"${host}" is not a host name (write it as git sends it: example.com or example.com:8443).`,
      })
    },
  )

  test('the host a get asks about: normalized, or null when there is none to answer', () => {
    expect(requestedHost({ protocol: 'https', host: 'Git.Example.test:8443' })).toBe('git.example.test:8443')
    expect(requestedHost({ protocol: 'https' })).toBeNull()
    expect(requestedHost({ protocol: 'https', host: '' })).toBeNull()
    expect(requestedHost({ protocol: 'https', host: 'not a host' })).toBeNull()
  })
})

describe('git’s key=value lines', () => {
  test('keys and values, up to the blank line that ends the request', () => {
    expect(parseCredentialRequest('protocol=https\nhost=git.example.test\npath=team/repo.git\n\nhost=after.example.test\n')).toEqual({
      protocol: 'https',
      host: 'git.example.test',
      path: 'team/repo.git',
    })
  })

  test('EOF ends it too; a value keeps every = after the first', () => {
    expect(parseCredentialRequest('username=a\npassword=x=y==')).toEqual({ username: 'a', password: 'x=y==' })
  })

  test('CRLF line ends are read as LF; a carriage return inside a value is kept', () => {
    expect(parseCredentialRequest('protocol=https\r\nhost=h\r\npassword=a\rb\r\n\r\nuser=late\r\n')).toEqual({ protocol: 'https', host: 'h', password: 'a\rb' })
  })

  test('array keys, lines without a key and lines without = are skipped; unknown keys kept', () => {
    expect(parseCredentialRequest('wwwauth[]=Basic realm="x"\n=orphan\nno equals sign\nfuture-key=1\nh=2\n')).toEqual({ 'future-key': '1', h: '2' })
  })

  test('a later line with the same key wins', () => {
    expect(parseCredentialRequest('host=a\nhost=b\n')).toEqual({ host: 'b' })
  })

  test('an answer line; a value git’s protocol cannot carry is refused', () => {
    expect(credentialLine('username', 'robot')).toBe('username=robot\n')
    expect(credentialLine('password', '')).toBe('password=\n')
    for (const value of ['two\nlines', 'nul\0byte']) {
      expect(refusal(() => credentialLine('password', value))).toEqual({
        code: 'INVALID_REQUEST',
        message: 'the password contains a newline, which git’s credential protocol cannot carry.',
      })
    }
  })
})

describe('the host map’s file', () => {
  const path = '/data/git-credentials.json'

  test('entries with and without a username; an absent username is null', () => {
    const map = gitHostMapFromJson(
      { version: 1, hosts: { 'a.test': { reference: 'keyward://p/a', username: 'robot' }, 'b.test': { reference: 'keyward://p/b', username: null }, 'c.test': { reference: 'keyward://p/c' } } },
      path,
    )
    expect(map).toEqual({
      'a.test': { reference: 'keyward://p/a', username: 'robot' },
      'b.test': { reference: 'keyward://p/b', username: null },
      'c.test': { reference: 'keyward://p/c', username: null },
    })
    expect(gitHostMapFromJson({ version: 1, hosts: {} }, path)).toEqual({})
  })

  test.each([null, 5, 'text', {}, { version: 2, hosts: {} }, { version: '1', hosts: {} }, { version: 1 }, { version: 1, hosts: null }, { version: 1, hosts: 5 }, { version: 1, hosts: 'a.test' }])(
    'a file that is not a version 1 host map (%j) is an error, never an empty map',
    (raw) => {
      expect(refusal(() => gitHostMapFromJson(raw, path))).toEqual({ code: 'SETTINGS_CORRUPT', message: `${path} is not a version 1 host map; fix or remove it.` })
    },
  )

  test.each([null, 'keyward://p/a', {}, { reference: 5 }, { reference: 'keyward://p/a', username: 5 }, { reference: 'keyward://p/a', username: false }])('a malformed entry (%j) is an error naming its host', (entry) => {
    expect(refusal(() => gitHostMapFromJson({ version: 1, hosts: { 'ok.test': { reference: 'keyward://p/ok' }, 'bad.test': entry } }, path))).toEqual({
      code: 'SETTINGS_CORRUPT',
      message: `${path}: the entry for bad.test is malformed; fix or remove it.`,
    })
  })

  test('written with its version, hosts sorted, two-space indented, ending in a newline; read back the same', () => {
    const map = { 'z.test': { reference: 'keyward://p/z', username: null }, 'a.test': { reference: 'keyward://p/a', username: 'robot' } }
    const text = gitHostMapToJson(map)
    expect(text).toBe(
      '{\n  "version": 1,\n  "hosts": {\n    "a.test": {\n      "reference": "keyward://p/a",\n      "username": "robot"\n    },\n    "z.test": {\n      "reference": "keyward://p/z",\n      "username": null\n    }\n  }\n}\n',
    )
    expect(gitHostMapFromJson(JSON.parse(text), path)).toEqual(map)
  })

  test('only the map’s own hosts have entries', () => {
    const map = { 'a.test': { reference: 'keyward://p/a', username: null } }
    expect(gitHostEntry(map, 'a.test')).toEqual({ reference: 'keyward://p/a', username: null })
    expect(gitHostEntry(map, 'b.test')).toBeUndefined()
    expect(gitHostEntry(map, 'constructor')).toBeUndefined()
  })
})

describe('which host gets which token', () => {
  const entry: GitHostEntry = { reference: 'keyward://Sandbox dev/Deploy bot', username: null }
  const robot: GitHostEntry = { reference: 'keyward://Sandbox dev/CI', username: 'robot' }
  const use = (username: string, reference = entry.reference) => ({ kind: 'use', reference, username })

  test('an unmapped host is not ours to answer', () => {
    expect(matchCredentialRequest({ protocol: 'https', host: 'other.test' }, 'other.test', undefined)).toEqual({ kind: 'none' })
  })

  test('over https: the username git asks for, else the map’s, else “keyward”', () => {
    expect(matchCredentialRequest({ protocol: 'https', host: 'git.test' }, 'git.test', entry)).toEqual(use('keyward'))
    expect(matchCredentialRequest({ protocol: 'https', host: 'git.test' }, 'git.test', robot)).toEqual(use('robot', robot.reference))
    expect(matchCredentialRequest({ protocol: 'https', host: 'git.test', username: 'alice' }, 'git.test', robot)).toEqual(use('alice', robot.reference))
    expect(matchCredentialRequest({ protocol: 'https', host: 'git.test', username: '' }, 'git.test', robot)).toEqual(use('robot', robot.reference))
  })

  test.each(['localhost', 'localhost:8080', '127.0.0.1', '127.10.200.3:3000', '[::1]', '[::1]:8443'])('plain http to this machine (%s) carries it', (host) => {
    expect(matchCredentialRequest({ protocol: 'http', host }, host, entry)).toEqual(use('keyward'))
  })

  test.each([
    ['http', 'git.test'],
    ['http', '127.0.0.1.evil.test'],
    ['http', 'evil-localhost'],
    ['http', 'localhost.evil.test'],
    ['http', '127.0.0'],
    ['http', '127.0.0.1000'],
    ['http', '[::2]'],
    ['http', 'localhost:'],
    ['ftp', 'localhost'],
    ['HTTPS', 'git.test'],
  ])('over %s to %s it is refused, saying why', (protocol, host) => {
    expect(matchCredentialRequest({ protocol, host }, host, entry)).toEqual({
      kind: 'refused',
      reason: `not sending the token for ${host} over ${protocol}: only https (or http to this machine) carries it.`,
    })
  })

  test('a request that names no protocol is refused too', () => {
    expect(matchCredentialRequest({ host: 'localhost' }, 'localhost', entry)).toEqual({
      kind: 'refused',
      reason: 'not sending the token for localhost over an unknown protocol: only https (or http to this machine) carries it.',
    })
  })
})
