#!/usr/bin/env node
// `npm run bench`: runs every workspace package's "bench" script (the API's HTTP
// benchmark, …). The full report across packages comes with the benchmarks issue.
import fs from 'node:fs'
import path from 'node:path'
import { install, pnpm, root } from './lib.mjs'

const dirs = ['apps', 'packages', 'tools'].flatMap((d) =>
  fs.readdirSync(path.join(root, d)).map((name) => path.join(root, d, name)),
)
const withBench = dirs
  .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
  .map((dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')))
  .filter((pkg) => pkg.scripts?.bench)
if (!withBench.length) {
  console.log('no benchmarks yet')
  process.exit(0)
}
await install()
let failed = 0
for (const pkg of withBench) {
  console.log(`\n━━ ${pkg.name}`)
  if ((await pnpm(['--filter', pkg.name, 'run', 'bench', ...process.argv.slice(2)])) !== 0) failed++
}
process.exit(failed ? 1 : 0)
