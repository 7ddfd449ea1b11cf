import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/** `@shared/…` is src-main/shared in every bundle, so no import climbs out with ../../../. */
const alias = { '@shared': resolve(import.meta.dirname, 'src-main/shared') }

// Entries are set explicitly: Keyward keeps its code in src-main/ and src-renderer/,
// not electron-vite's default src/main, src/preload, src/renderer.
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-main/main/index.ts') } },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload cannot require node_modules: bundle everything it uses, as CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    resolve: { alias },
    plugins: [react()],
    build: {
      // The window's first paint waits for the entry script to be fetched, parsed and run: minified,
      // it is less than half the bytes (electron-vite leaves the renderer unminified by default).
      // KEYWARD_RENDERER_MINIFY=0 builds it readable, for CPU profiles with function names (docs/performance.md).
      minify: process.env.KEYWARD_RENDERER_MINIFY !== '0',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
})
