// axe-core over the clinic's pages a patient reaches before booking (the booking journey checks the
// rest at each of its screenshots): no serious or critical finding — every control a button (or
// radio, checkbox) with a name and state, every photo a text alternative, every input a label.
import fs from 'node:fs'
import path from 'node:path'
import { describeA11yFindings, e2eTest, findA11yViolations, resultsDir, shot } from '@tianyuan/e2e'

const PAGES: [name: string, path: string][] = [
  ['home', ''],
  ['mine', 'pages/mine/index'],
  ['about', 'pkg/pages/about/index'],
  ['doctors', 'pkg/pages/doctors/index?department=chronic&title=%E6%85%A2%E7%97%85%E7%AE%A1%E7%90%86'],
  ['appointments', 'pkg/pages/appointments/index'],
  ['patient-edit', 'pkg/pages/patient-edit/index'],
]

for (const [name, url] of PAGES) {
  e2eTest(`clinic ${name}: no serious or critical axe-core finding`, async (t) => {
    await t.openApp('clinic', url)
    // The page has rendered (the about pages have no PageShell) and its requests are done.
    await t.page.locator('.taro_page:last-child > *').first().waitFor()
    await t.page.waitForLoadState('networkidle')
    await shot(t, `clinic-a11y-${name}`, { a11y: false })
    // Every finding, whatever its impact, kept for the report (test-results/e2e/a11y/).
    const findings = await findA11yViolations(t.page)
    fs.mkdirSync(path.join(resultsDir, 'a11y'), { recursive: true })
    fs.writeFileSync(path.join(resultsDir, 'a11y', `clinic-${name}.json`), JSON.stringify(findings, null, 2))
    expect(describeA11yFindings(findings.filter((f) => f.impact === 'serious' || f.impact === 'critical'))).toBe('')
  })
}
