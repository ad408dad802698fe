// `tsx tools/wxci/src/cli.ts [app ...] [--dir <dist/weapp> ...] [--json file]`: WeChat's compiler,
// its per-package count and its code-quality rules on each app's dist/weapp (default: all four),
// in this one process, offline. Exits 1 when the compiler rejects a build, a rule fails, or an app
// has not been built.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkMiniProgram, type AppCheck } from './check'
import { formatCheck } from './report'

const APPS = ['market', 'clinic', 'classroom', 'microloan']
const repoRoot = path.resolve(__dirname, '../../..')

const args = process.argv.slice(2)
const targets: { label: string; dir: string }[] = []
let jsonFile: string | undefined
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? ''
  if (arg === '--') continue // `pnpm run check -- market` passes the separator on
  if (arg === '--json') jsonFile = args[++i]
  else if (arg === '--dir') {
    const dir = path.resolve(args[++i] ?? '')
    targets.push({ label: path.basename(dir), dir })
  } else targets.push({ label: arg, dir: path.join(repoRoot, 'apps', arg, 'dist', 'weapp') })
}
if (!targets.length) for (const app of APPS) targets.push({ label: app, dir: path.join(repoRoot, 'apps', app, 'dist', 'weapp') })

if (jsonFile) jsonFile = path.resolve(jsonFile)

// miniprogram-ci leaves an empty folder named by a hash in the current directory on every compile
// (the repository root and tools/wxci gathered dozens); it runs from a scratch folder removed at exit.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wxci-'))
process.chdir(scratch)
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }))

async function main(): Promise<number> {
  const t0 = Date.now()
  const results: AppCheck[] = []
  let failed = false
  for (const { label, dir } of targets) {
    if (!fs.existsSync(path.join(dir, 'app.json'))) {
      console.error(`✗ ${label}: ${path.join(dir, 'app.json')} not found: build the app for weapp first`)
      failed = true
      continue
    }
    try {
      const check = await checkMiniProgram(dir, label)
      results.push(check)
      console.log(formatCheck(check))
      if (!check.ok) failed = true
    } catch (e) {
      console.error(`✗ ${label}: ${(e as Error).message}`)
      failed = true
    }
  }
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2))
  const failures = results.flatMap((r) => [...(r.compile.ok ? [] : [`${r.app}: compiler`]), ...(r.countsAgree ? [] : [`${r.app}: counts differ`]), ...r.rules.filter((x) => !x.ok).map((x) => `${r.app}: ${x.name}`)])
  console.log(`\nwxci: ${failed ? `failed${failures.length ? ` — ${failures.join(', ')}` : ''}` : "WeChat's compiler accepts every build and every rule passes"} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  return failed ? 1 : 0
}

// miniprogram-ci leaves a file watcher and its compiler process running: exit explicitly.
main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
