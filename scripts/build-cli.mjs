#!/usr/bin/env node
// Builds the `keyward` command into one CommonJS file (out/cli/keyward.cjs) so it starts as fast as
// plain Node allows: no TypeScript loader, one file to read. keytar stays external (a native
// module). Also writes out/cli/inputs.json, the sources it was built from, so bin/keyward.cjs can
// tell a stale bundle from a fresh one. Runs on `npm install` (prepare) and in `npm run build`.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'out/cli')
const inputs = new Set()

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  // The same alias as electron.vite.config.ts, vitest.config.ts and the tsconfigs.
  resolve: { alias: { '@shared': join(root, 'src-main/shared') } },
  build: {
    ssr: join(root, 'src-main/cli/index.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      external: ['keytar'],
      output: { entryFileNames: 'keyward.cjs', format: 'cjs', codeSplitting: false, dynamicImportInCjs: false },
    },
  },
  ssr: { noExternal: true, target: 'node' },
  plugins: [
    {
      name: 'keyward-record-inputs',
      load(id) {
        if (!id.includes('node_modules') && !id.startsWith('\0')) inputs.add(relative(root, id.split('?')[0]))
        return null
      },
    },
  ],
})
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, 'inputs.json'), `${JSON.stringify([...inputs].sort(), null, 2)}\n`)
console.log(`keyward CLI built: out/cli/keyward.cjs (${inputs.size} sources)`)
