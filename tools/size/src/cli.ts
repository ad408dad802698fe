// `tsx tools/size/src/cli.ts [app ...] [--json file]`: every app's weapp packages against
// the checked-in budgets; exits 1 when any package is over, or an app was not built.
import fs from 'node:fs'
import path from 'node:path'
import { budgetFor, checkBudget, checkSdkBudget, type BudgetFile } from './budget'
import { measureWeapp } from './measure'
import { formatReport, formatSdkReport, formatWechatCounts, type WechatCounts } from './report'
import { readWeappStats, sdkBytesIn } from './sdk-bytes'

const repoRoot = path.resolve(__dirname, '../../..')
const budgets = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'budgets.json'), 'utf8')) as BudgetFile

const args = process.argv.slice(2)
const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const jsonFile = valueOf('--json')
// tools/wxci's results (its --json): WeChat's own count per package, printed beside ours.
const wechatFile = valueOf('--wechat')
const apps = args.filter((a, i) => !a.startsWith('--') && !['--json', '--wechat'].includes(args[i - 1] ?? ''))
const targets = apps.length ? apps : Object.keys(budgets.apps)

const wechat = wechatFile && fs.existsSync(wechatFile) ? (JSON.parse(fs.readFileSync(wechatFile, 'utf8')) as WechatCounts[]) : undefined
if (wechatFile && !wechat) console.log(`(no WeChat counts: ${wechatFile} not found — run tools/wxci first)`)

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
    if (wechat) console.log(formatWechatCounts(packages, wechat.find((w) => w.app === app)))
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
