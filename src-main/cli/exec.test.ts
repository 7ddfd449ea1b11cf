/**
 * `keyward exec` as a user runs it: the real command, the real keychain and the data directory of
 * a real app run, real child processes. The after-each scan (testing/app-run) also covers the
 * command lines of keyward and of the command it started.
 */
import { describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useAppRuns } from './testing/app-run'

const { appRun, cleanups } = useAppRuns()
const PROBE = join(import.meta.dirname, 'testing/probe-child.mjs')
const sha = (v: string) => createHash('sha256').update(v).digest('hex')

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-exec-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

describe('keyward exec', () => {
  test('sets the variables in the child only, from --env and an env file; streams output; passes the exit code on', async () => {
    const { ci, dev, start } = await appRun()
    const dir = await tempDir()
    const envFile = join(dir, '.env.keyward')
    await writeFile(envFile, ['# tokens for the deploy', '', 'export FROM_FILE="keyward://sandbox dev/DEPLOY BOT"', 'PLAIN=hello world', `BY_ID=keyward://${dev.id}/${ci.token.id}`, 'OVERRIDDEN=plain'].join('\n'))
    const run = start(['exec', '--env', 'API_KEY=keyward://Sandbox dev/Deploy bot', '--env-file', envFile, '--env', 'OVERRIDDEN=keyward://Sandbox dev/Deploy bot', '--', process.execPath, PROBE, 'wait', 'API_KEY', 'FROM_FILE', 'BY_ID', 'OVERRIDDEN', 'PLAIN'], { keepStdinOpen: true })
    // The child's first line arrives while it is still running: nothing is buffered.
    await run.waitForStdout('\n')
    run.child.stdin?.end('7\n')
    const done = await run.done
    expect(done.code).toBe(7)
    const first = JSON.parse(done.stdout.split('\n')[0]!) as { pid: number; env: Record<string, string | null> }
    expect(first.env).toEqual({ API_KEY: sha(ci.secret), FROM_FILE: sha(ci.secret), BY_ID: sha(ci.secret), OVERRIDDEN: sha(ci.secret), PLAIN: sha('hello world') })
    expect(done.stdout.split('\n')[1]).toBe('bye 7')
    expect(done.stderr).toBe('')
    // The scan saw the child itself, not only keyward.
    expect([...run.cmdlines.entries()].some(([pid, line]) => pid === first.pid && line.includes('probe-child.mjs'))).toBe(true)
  })

  test('a signal sent to keyward reaches the command; a command killed by a signal kills keyward with it', async () => {
    const { start } = await appRun()
    const run = start(['exec', '--env', 'API_KEY=keyward://Sandbox dev/Deploy bot', '--', process.execPath, PROBE, 'signal'])
    await run.waitForStdout('waiting\n')
    run.child.kill('SIGTERM')
    const forwarded = await run.done
    expect(forwarded).toMatchObject({ code: 42, signal: null })
    expect(forwarded.stdout).toContain('got SIGTERM')
    const died = await start(['exec', '--', process.execPath, PROBE, 'die']).done
    expect(died).toMatchObject({ code: null, signal: 'SIGTERM' })
  })

  test('a revoked, unknown or not-stored reference fails before the command starts, naming it', async () => {
    const { h, ci, dev, run } = await appRun()
    const dir = await tempDir()
    const marker = join(dir, 'started')
    const attempt = (...env: string[]) => run(['exec', ...env.flatMap((e) => ['--env', e]), '--', 'touch', marker])
    const revoked = await attempt('A=keyward://Sandbox dev/Deploy bot', 'B=keyward://Sandbox dev/Old key')
    expect(revoked.code).toBe(4)
    expect(revoked.stderr).toMatch(/^keyward: keyward:\/\/Sandbox dev\/Old key \(Old key, key_\w+\) is revoked\.\n$/)
    const unknown = await attempt('A=keyward://Sandbox dev/Nope')
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toMatch(/^keyward: No token "Nope" in "Sandbox dev"/)
    await keytar.deletePassword(h.service, `${dev.id}/${ci.token.id}`)
    const notStored = await attempt('A=keyward://Sandbox dev/Deploy bot')
    expect(notStored.code).toBe(4)
    expect(notStored.stderr).toContain(`The secret of keyward://Sandbox dev/Deploy bot (Deploy bot, ${ci.token.id}) is not stored in the keychain`)
    const badFile = join(dir, 'bad.env')
    await writeFile(badFile, 'GOOD=1\nthis line has a secret-looking value sk_test_abc but no name\n')
    const malformed = await run(['exec', '--env-file', badFile, '--', 'touch', marker])
    expect(malformed).toMatchObject({ code: 2, stderr: `keyward: ${badFile}:2: expected NAME=value or NAME=keyward://<profile>/<token>.\n` })
    expect(existsSync(marker)).toBe(false)
  })

  test('--mask conceals each injected secret in stdout and stderr, also when split across writes', async () => {
    const { ci, run } = await appRun()
    const masked = await run(['exec', '--mask', '--env', 'API_KEY=keyward://Sandbox dev/Deploy bot', '--', process.execPath, PROBE, 'leak', 'API_KEY'])
    expect(masked.code).toBe(0)
    expect(masked.stdout).toContain('whole <concealed> end\n')
    expect(masked.stdout).toContain('split <concealed> end\n')
    expect(masked.stdout).toContain('done sk_ partial\n')
    expect(masked.stderr).toBe('err <concealed> end\n')
    expect(masked.stdout + masked.stderr).not.toContain(ci.secret)
  })

  test('the command is not found or not executable: 127 and 126, on one line', async () => {
    const { run } = await appRun()
    const dir = await tempDir()
    const notExecutable = join(dir, 'script.sh')
    await writeFile(notExecutable, '#!/bin/sh\necho hi\n', { mode: 0o644 })
    expect(await run(['exec', '--', 'keyward-no-such-command'])).toMatchObject({ code: 127, stderr: 'keyward: command not found: keyward-no-such-command\n' })
    expect(await run(['exec', '--', notExecutable])).toMatchObject({ code: 126, stderr: `keyward: cannot execute ${notExecutable}: permission denied\n` })
  })
})
