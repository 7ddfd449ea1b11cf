#!/usr/bin/env node
// `npm start`, `npm run dev`, `npm run preview`: get the Electron binary first (since Electron 42 no
// postinstall downloads it, and electron-vite only reads node_modules/electron/path.txt), then run
// the app. Where the binary cannot be had, say what failed and the ways out in plain words; `npm
// start` then falls back to the preview (the same app in the system's Chromium).
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const mode = process.argv[2] ?? 'start'
/** A signal that arrived before the app was up: the remaining steps are skipped. */
let interrupted = null
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (interrupted ??= signal))
const bin = (name) => join(root, 'node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name)

/** Runs a command, forwarding SIGINT/SIGTERM to it; resolves with its exit code. */
function run(command, args, { env = process.env, quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' })
    let output = ''
    if (quiet) {
      child.stdout.on('data', (chunk) => (output += chunk))
      child.stderr.on('data', (chunk) => (output += chunk))
    }
    const forward = (signal) => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }))
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      resolve({ code: code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1), output })
    })
  })
}

function electronPackage() {
  const dir = dirname(require.resolve('electron/package.json'))
  return { dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }
}

/** The executable inside an Electron dist folder on this platform (what Electron's path.txt holds). */
function platformExecutable() {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron'
  return process.platform === 'win32' ? 'electron.exe' : 'electron'
}

/** The Electron binary already on disk, or null. */
function installedElectron() {
  const { dir } = electronPackage()
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, platformExecutable())
    return existsSync(binary) ? binary : null
  }
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

function nodeTooOld(required) {
  const [major, minor] = process.versions.node.split('.').map(Number)
  const [rMajor, rMinor] = required.replace(/[^\d.]/g, '').split('.').map(Number)
  return major < rMajor || (major === rMajor && minor < rMinor)
}

/** Ensures the binary through Electron's own `install-electron`; returns its path or why it failed. */
async function ensureElectron() {
  const found = installedElectron()
  if (found) return { binary: found }
  const { dir, pkg } = electronPackage()
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return { problem: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${join(process.env.ELECTRON_OVERRIDE_DIST_PATH, platformExecutable())} does not exist.`, pkg }
  }
  console.log(`Getting the Electron ${pkg.version} binary (install-electron${process.env.ELECTRON_MIRROR ? `, from ${process.env.ELECTRON_MIRROR}` : ''})…`)
  const { code, output } = await run(process.execPath, [join(dir, pkg.bin['install-electron'])], { quiet: true })
  const binary = installedElectron()
  if (code === 0 && binary) return { binary }
  // install-electron prints only a stack trace; its first line is the reason.
  const reason = output.split('\n').find((l) => l.trim())?.replace(/^\w*Error:\s*/, '').trim() ?? `exit code ${code}`
  return { problem: `downloading the Electron ${pkg.version} binary failed (${reason}).`, pkg }
}

function explain({ problem, pkg }, command) {
  const required = pkg.engines?.node
  console.log('')
  console.log(`Keyward could not start Electron: ${problem}`)
  if (required && nodeTooOld(required)) {
    console.log(`This is Node ${process.versions.node}; Electron ${pkg.version}'s installer declares Node ${required}.`)
  }
  console.log('Ways out:')
  const rerun = command === 'dev' ? 'npm run dev' : 'npm start'
  const ways = [
    [`ELECTRON_MIRROR=https://<mirror>/electron/ ${rerun}`, 'download the binary from a mirror you can reach'],
    [`ELECTRON_OVERRIDE_DIST_PATH=<folder> ${rerun}`, `use an Electron ${pkg.version} you already have (the folder holding its executable)`],
    ['npm run preview', 'the same app in your system Chromium, without Electron'],
  ]
  const width = Math.max(...ways.map(([how]) => how.length)) + 4
  for (const [how, what] of ways) console.log(`  ${how.padEnd(width)}${what}`)
  console.log('')
}

async function build() {
  console.log('Building Keyward (electron-vite build)…')
  const { code, output } = await run(bin('electron-vite'), ['build'], { quiet: true })
  if (code !== 0) {
    process.stdout.write(output)
    console.log('Keyward: the build failed (above).')
  }
  return code === 0
}

async function preview() {
  if (!(await build()) || interrupted) return 1
  // The preview is TypeScript beside the rest of the shells; tsx runs it in this process, so
  // SIGINT/SIGTERM reach it directly.
  const { register } = await import('tsx/esm/api')
  register()
  const { runPreview } = await import('../src-main/preview/cli.ts')
  return runPreview(root)
}

async function electron(command) {
  const electronEnv = (binary) => ({ ...process.env, ELECTRON_EXEC_PATH: binary })
  const got = await ensureElectron()
  if (interrupted) return 1
  if (got.binary) return (await run(bin('electron-vite'), [command], { env: electronEnv(got.binary) })).code
  explain(got, command)
  if (command === 'dev') return 1
  console.log('Starting the Keyward preview instead: the same core and renderer in your system Chromium.')
  return preview()
}

const code = mode === 'preview' ? await preview() : await electron(mode === 'dev' ? 'dev' : 'preview')
process.exit(code)
