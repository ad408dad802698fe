// `tsx tools/size/src/cli.ts [app ...] [--json file]`: every app's weapp packages against
// the checked-in budgets; exits 1 when any package is over, or an app was not built.
import fs from 'node:fs'
import path from 'node:path'
import { budgetFor, checkBudget, checkSdkBudget, type BudgetFile } from './budget'
import { measureWeapp } from './measure'
import { formatReport, formatSdkReport } from './report'
import { readWeappStats, sdkBytesIn } from './sdk-bytes'

const repoRoot = path.resolve(__dirname, '../../..')
const budgets = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'budgets.json'), 'utf8')) as BudgetFile

const args = process.argv.slice(2)
const jsonAt = args.indexOf('--json')
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined
const apps = args.filter((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1))
const targets = apps.length ? apps : Object.keys(budgets.apps)

let failed = false
const results = []
for (const app of targets) {
  const dist = path.join(repoRoot, 'apps', app, 'dist', 'weapp')
  try {
    const packages = measureWeapp(dist)
    const budget = budgetFor(budgets, app)
    const verdicts = checkBudget(packages, budget)
    // The SDK's share of the main package: exact bytes of its modules there (sdk-bytes.ts).
    const main = packages.find((p) => p.name === 'main')
    const sdk = sdkBytesIn(dist, main?.files.map((f) => f.path) ?? [], readWeappStats(dist))
    const sdkVerdict = checkSdkBudget(sdk.bytes, budget)
    verdicts.push(sdkVerdict)
    console.log(formatReport(app, packages, verdicts))
    console.log(formatSdkReport(sdk, sdkVerdict))
    if (verdicts.some((v) => !v.ok)) failed = true
    results.push({ app, packages: packages.map(({ name, raw, gzip }) => ({ name, raw, gzip })), verdicts, sdk: { bytes: sdk.bytes, modules: sdk.modules, mixed: sdk.mixed } })
  } catch (e) {
    console.error(`✗ ${app}: ${(e as Error).message}`)
    failed = true
  }
}
if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2))
console.log(failed ? '\nsize: over budget or not built (see above)' : '\nsize: every package within budget')
process.exit(failed ? 1 : 0)
