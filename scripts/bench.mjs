#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only sizes,images,first-screen,flaky,throughput,api-http]`:
// runs tools/bench (every benchmark against a same-run baseline, the report in bench/results/,
// the README's performance section after a full run). The API's own HTTP benchmark
// (apps/api/bench/http.ts) is one of them: `--only api-http`.
import path from 'node:path'
import { install, run, root } from './lib.mjs'

await install()
const tsx = path.join(root, 'tools', 'bench', 'node_modules', '.bin', 'tsx')
process.exit(await run(tsx, [path.join(root, 'tools', 'bench', 'src', 'cli.ts'), ...process.argv.slice(2)]))
