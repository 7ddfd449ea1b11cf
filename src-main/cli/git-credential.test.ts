/**
 * `keyward git-credential` with real git: `git credential fill/approve/reject` with
 * credential.helper pointing at the real command, over a real app run's data and keychain. The
 * after-each scan covers git's, the shell's and keyward's command lines.
 */
import { describe, expect, test } from 'vitest'
import keytar from 'keytar'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useAppRuns } from './testing/app-run'
import { KEYWARD_BIN } from './testing/run-keyward'

const { appRun, cleanups } = useAppRuns()

async function gitEnv(): Promise<NodeJS.ProcessEnv> {
  const home = await mkdtemp(join(tmpdir(), 'keyward-git-home-'))
  cleanups.push(() => rm(home, { recursive: true, force: true }))
  // No user or system git config, and no prompt: only the helper under test answers.
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' }
}

describe('keyward git-credential', () => {
  test('git credential fill gets the mapped token; unmapped hosts get nothing; store and erase change nothing', async () => {
    const { h, dev, ci, run, watch, args } = await appRun()
    const mapped = await run(['git-credential', 'map', 'Git.Example.test', 'keyward://Sandbox dev/Deploy bot'])
    expect(mapped).toMatchObject({ code: 0, stderr: '' })
    await run(['git-credential', 'map', 'ci.example.test:8443', `keyward://${dev.id}/${ci.token.id}`, '--username', 'robot'])
    expect((await run(['git-credential', 'map'])).stdout).toBe(`ci.example.test:8443  keyward://${dev.id}/${ci.token.id}  (username robot)\ngit.example.test  keyward://Sandbox dev/Deploy bot\n`)
    const mapFile = join(h.dir, 'git-credentials.json')
    expect((await stat(mapFile)).mode & 0o777).toBe(0o600)
    const mapBefore = await readFile(mapFile, 'utf8')

    const env = await gitEnv()
    const helper = `!'${process.execPath}' '${KEYWARD_BIN}' ${args(['git-credential']).map((a) => `'${a}'`).join(' ')}`
    const seen: string[] = []
    const git = async (verb: string, input: string) => {
      const r = watch('git', ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, 'credential', verb], { env, input, stdoutMayHoldSecret: true })
      const done = await r.done
      seen.push(...r.cmdlines.values())
      return done
    }
    const filled = await git('fill', 'protocol=https\nhost=git.example.test\npath=team/repo.git\nwwwauth[]=Basic realm="x"\nfuture-key=1\n\n')
    // The scan saw the helper git started, not only git.
    expect(seen.some((line) => line.includes('keyward.cjs') && line.endsWith('git-credential get'))).toBe(true)
    expect(filled).toMatchObject({ code: 0, stderr: '' })
    expect(filled.stdout).toBe(`protocol=https\nhost=git.example.test\nusername=keyward\npassword=${ci.secret}\n`)
    const withPort = await git('fill', 'protocol=https\nhost=ci.example.test:8443\n\n')
    expect(withPort.stdout).toBe(`protocol=https\nhost=ci.example.test:8443\nusername=robot\npassword=${ci.secret}\n`)
    const ownUser = await git('fill', 'protocol=https\nhost=git.example.test\nusername=alice\n\n')
    expect(ownUser.stdout).toBe(`protocol=https\nhost=git.example.test\nusername=alice\npassword=${ci.secret}\n`)

    // No answer for a host that is not mapped: git, unable to prompt, gives up.
    const unmapped = await git('fill', 'protocol=https\nhost=other.example.test\n\n')
    expect(unmapped.code).not.toBe(0)
    expect(unmapped.stdout).toBe('')
    // Never over plain http to another machine.
    const plain = await git('fill', 'protocol=http\nhost=git.example.test\n\n')
    expect(plain.stdout).toBe('')
    expect(plain.stderr).toContain('keyward: not sending the token for git.example.test over http')

    // git reports a credential that worked (store) or failed (erase): Keyward's token stays as it is.
    expect((await git('approve', `protocol=https\nhost=git.example.test\nusername=keyward\npassword=something-else-entirely\n\n`)).code).toBe(0)
    expect((await git('reject', `protocol=https\nhost=git.example.test\nusername=keyward\npassword=${ci.secret}\n\n`)).code).toBe(0)
    expect(await keytar.getPassword(h.service, `${dev.id}/${ci.token.id}`)).toBe(ci.secret)
    expect(await readFile(mapFile, 'utf8')).toBe(mapBefore)
    expect((await git('fill', 'protocol=https\nhost=git.example.test\n\n')).stdout).toContain(`password=${ci.secret}\n`)
  })

  test('a mapped token that is revoked fails on stderr naming it; map refuses references that name nothing', async () => {
    const { h, run, watch, args } = await appRun()
    expect(await run(['git-credential', 'map', 'git.example.test', 'keyward://Sandbox dev/Old key'])).toMatchObject({ code: 0 })
    const env = await gitEnv()
    const helper = `!'${process.execPath}' '${KEYWARD_BIN}' ${args(['git-credential']).map((a) => `'${a}'`).join(' ')}`
    const filled = await watch('git', ['-c', `credential.helper=${helper}`, 'credential', 'fill'], { env, input: 'protocol=https\nhost=git.example.test\n\n' }).done
    expect(filled.stdout).toBe('')
    expect(filled.stderr).toMatch(/keyward: keyward:\/\/Sandbox dev\/Old key \(Old key, key_\w+\) is revoked\.\n/)
    const bad = await run(['git-credential', 'map', 'git.example.test', 'keyward://Sandbox dev/nothing'])
    expect(bad.code).toBe(3)
    expect(bad.stderr).toMatch(/^keyward: No token "nothing" in "Sandbox dev"/)
    expect(await run(['git-credential', 'map', '--remove', 'git.example.test'])).toMatchObject({ code: 0 })
    expect((await run(['git-credential', 'map'])).stdout).toBe('')
    expect(JSON.parse(await readFile(join(h.dir, 'git-credentials.json'), 'utf8'))).toEqual({ version: 1, hosts: {} })
    // Actions git may add later are ignored, as git-credential(1) asks of helpers.
    expect(await run(['git-credential', 'capability'])).toMatchObject({ code: 0, stdout: '', stderr: '' })
  })
})
