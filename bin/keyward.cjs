#!/usr/bin/env node
// Launcher of the `keyward` command. It runs the prebuilt bundle (out/cli/keyward.cjs, built by
// `npm install` through the prepare script, and by `npm run build`) when that bundle is newer than
// every source file it was built from; otherwise, in a checkout being edited, it runs the
// TypeScript source through tsx — slower to start, never stale. CommonJS, like the bundle: Node
// starts a CommonJS entry a few milliseconds sooner than an ES module, and `keyward exec` is
// started often.
'use strict'
const { readFileSync, statSync } = require('node:fs')
const { join } = require('node:path')
const { pathToFileURL } = require('node:url')

const root = join(__dirname, '..')
const bundle = join(root, 'out/cli/keyward.cjs')

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
  require(bundle)
} else {
  import('tsx/esm/api').then(({ tsImport }) => tsImport(pathToFileURL(join(root, 'src-main/cli/index.ts')).href, __filename))
}
