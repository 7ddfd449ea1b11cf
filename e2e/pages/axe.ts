import AxeBuilder from '@axe-core/playwright'
import { mkdir } from 'node:fs/promises'
import type { Page } from '@playwright/test'

/** WCAG 2.0–2.2 A and AA, contrast included: the bar issue 14 sets for every screen, in both themes. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** Serious and critical violations on the page as it is now, one line each, named by screen, added to `found`. */
export async function audit(page: Page, screen: string, theme: string, found: string[]): Promise<void> {
  // Transitions settle first: axe reads computed colours, and a half-faded dialog is not what a user reads.
  await page.waitForTimeout(250)
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze()
  for (const v of result.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    for (const node of v.nodes) found.push(`${theme} ${screen}: ${v.id} — ${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1, 2).join(' ').trim() ?? ''}`)
  }
  // KEYWARD_A11Y_SHOTS=<dir> (or 1: test-results/a11y) keeps a picture of every audited screen to look at.
  const shots = process.env.KEYWARD_A11Y_SHOTS
  if (shots) {
    const dir = shots === '1' ? 'test-results/a11y' : shots
    await mkdir(dir, { recursive: true })
    await page.screenshot({ path: `${dir}/${theme}-${screen.replace(/\W+/g, '-')}.png` })
  }
}
