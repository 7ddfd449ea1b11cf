/** Entry point of the `keyward` command (bin/keyward.cjs loads the bundle built from here). */
import { runCli } from './program'

// A reader that stops early (`keyward ls | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

void runCli(process.argv).then((code) => {
  process.exitCode = code
})
