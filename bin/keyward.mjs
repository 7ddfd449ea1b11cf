#!/usr/bin/env node
// Launcher of the `keyward` command. It runs the prebuilt bundle (out/cli/keyward.mjs, built by
// `npm install` through the prepare script, and by `npm run build`) when that bundle is newer than
// every source file it was built from; otherwise, in a checkout being edited, it runs the
// TypeScript source through tsx — slower to start, never stale.
import { readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bundle = join(root, 'out/cli/keyward.mjs')

function bundleIsFresh() {
  try {
    const built = statSync(bundle).mtimeMs
    const inputs = JSON.parse(readFileSync(join(root, 'out/cli/inputs.json'), 'utf8'))
    return inputs.every((file) => {
      try {
        return statSync(join(root, file)).mtimeMs <= built
      } catch {
        return false
      }
    })
  } catch {
    return false
  }
}

if (bundleIsFresh()) {
  await import(pathToFileURL(bundle).href)
} else {
  const { tsImport } = await import('tsx/esm/api')
  await tsImport(pathToFileURL(join(root, 'src-main/cli/index.ts')).href, import.meta.url)
}
