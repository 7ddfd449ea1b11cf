import { closeBrowser } from './app'

export default async function globalTeardown(): Promise<void> {
  await closeBrowser()
}
