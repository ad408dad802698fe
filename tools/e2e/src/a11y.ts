// Accessibility checks of the H5 pages with axe-core, run inside the page. @axe-core/playwright
// needs Node 22.12; axe-core's own axe.min.js, injected as a script tag, needs nothing.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

/** What axe reports for one rule that failed, in the few fields a report needs. */
export interface A11yFinding {
  id: string
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null
  help: string
  /** The offending elements' selectors and axe's summary of what is wrong with each. */
  nodes: { target: string; summary: string }[]
}

// Read once per worker: ~550 KB of script.
let axeSource: string | undefined
// createRequire: the apps' typechecks see Taro's narrower `require`, without resolve().
const axeScript = (): string => (axeSource ??= fs.readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8'))

interface AxeResultsLike {
  violations: { id: string; impact?: A11yFinding['impact']; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[]
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA, and axe's best practices) over the page as it is now
 * and returns what it found. The whole document is checked, so the pages Taro keeps in its stack
 * under the top one are checked too (they are hidden with display:none, which axe skips).
 */
export async function findA11yViolations(page: Page): Promise<A11yFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined')
  if (!loaded) await page.addScriptTag({ content: axeScript() })
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResultsLike> } }).axe
    // The result as plain JSON: axe's objects hold DOM references that do not cross to Node.
    // iframes: false — the only frame is the WeChat sandbox's cashier sheet, not the app's page
    // (and axe would wait for an axe inside it that is not there).
    return JSON.parse(JSON.stringify(await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'], iframes: false }))) as AxeResultsLike
  })
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
  }))
}

/** The findings as lines a person can act on: rule, impact, what to fix, and where. */
export function describeA11yFindings(findings: A11yFinding[]): string {
  return findings
    .map((f) => [`${f.impact ?? 'unknown'} ${f.id}: ${f.help}`, ...f.nodes.slice(0, 5).map((n) => `  at ${n.target} — ${n.summary}`), ...(f.nodes.length > 5 ? [`  … and ${f.nodes.length - 5} more`] : [])].join('\n'))
    .join('\n')
}

/** Fails, listing each one, when axe finds anything serious or critical on the page as it is now. */
export async function expectNoSeriousA11yViolations(page: Page, where = page.url()): Promise<void> {
  const serious = (await findA11yViolations(page)).filter((f) => f.impact === 'serious' || f.impact === 'critical')
  if (serious.length > 0) throw new Error(`axe-core found ${serious.length} serious or critical accessibility problem(s) on ${where}:\n${describeA11yFindings(serious)}`)
}
