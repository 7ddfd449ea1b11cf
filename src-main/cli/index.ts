/** Entry point of the `keyward` command (bin/keyward.mjs loads the bundle built from here). */
import { runCli } from './program'

// A reader that stops early (`keyward ls | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

process.exitCode = await runCli(process.argv)
