#!/usr/bin/env node
// `npm test`: install, lint, typecheck, unit and API suites, weapp builds + WeChat's checks + size budget +
// simulator suites, H5 builds + browser suites, then the quick benchmarks (`npm run bench --
// --quick`: size budgets, and every benchmark still runs). Every stage runs even after a failure
// (so one run shows everything that is wrong) unless it needs what failed; exits non-zero
// on any failure and ends with one "N passed, N failed" line.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { buildApps } from './build.mjs'
import { install, pnpm, root, run, seconds } from './lib.mjs'

const require = createRequire(import.meta.url)
const resultsDir = path.join(root, 'test-results')
fs.rmSync(resultsDir, { recursive: true, force: true })
fs.mkdirSync(resultsDir, { recursive: true })

const stages = []
const tally = { passed: 0, failed: 0 }

async function stage(name, fn) {
  const t0 = Date.now()
  console.log(`\n━━ ${name}`)
  let ok
  try {
    ok = await fn()
  } catch (e) {
    console.error(e instanceof Error ? e.message : e)
    ok = false
  }
  stages.push({ name, ok, ms: Date.now() - t0 })
  console.log(`${ok ? '✓' : '✗'} ${name} (${seconds(Date.now() - t0)})`)
  return ok
}

function skip(name, why) {
  stages.push({ name, ok: false, ms: 0, skipped: why })
  console.log(`\n━━ ${name}\n✗ skipped: ${why}`)
}

/** Runs Jest projects and adds their test counts to the tally. */
async function jest(projects, extraArgs = []) {
  const out = path.join(resultsDir, `jest-${projects.join('-')}.json`)
  // --forceExit: a handle some test leaks must not hang CI until its 90-minute limit; Jest
  // still prints a warning naming the problem when it has to force the exit.
  const code = await pnpm(['exec', 'jest', '--ci', '--forceExit', '--selectProjects', ...projects, '--json', `--outputFile=${out}`, ...extraArgs])
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'))
    tally.passed += report.numPassedTests
    tally.failed += report.numFailedTests
    if (report.numTotalTests === 0) {
      console.error(`no tests ran in ${projects.join(', ')}`)
      return false
    }
    // a suite that fails to load has no failed tests but is still a failure
    if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) tally.failed += report.numFailedTestSuites
    // Where the stage's time went, for whoever keeps the run short (the whole list is in the JSON).
    const slowest = report.testResults.map((t) => ({ file: path.relative(root, t.name), ms: t.endTime - t.startTime })).sort((a, b) => b.ms - a.ms).slice(0, 5)
    console.log(`slowest files: ${slowest.map((t) => `${t.file} ${seconds(t.ms)}`).join(', ')}`)
  } else tally.failed += 1
  return code === 0
}

const jestProjects = require(path.join(root, 'jest.config.js')).projects.map((p) => p.displayName)
const has = (name) => jestProjects.includes(name)

const t0 = Date.now()
await stage('install', async () => (await install(), true))
// Side by side: ESLint is one single-threaded process and typecheck (scripts/typecheck.mjs) runs
// two tsc programs at a time, so together they keep both cores busy; neither writes anything.
await Promise.all([
  stage('lint', async () => (await pnpm(['exec', 'eslint', '.', '--max-warnings', '0'])) === 0),
  stage('typecheck', async () => (await run(process.execPath, [path.join(root, 'scripts', 'typecheck.mjs')])) === 0),
])
// One Jest worker per core (at least two). Jest's own default is cores − 1, which on 2 cores is one
// worker, in band: one file at a time, the other core left to PostgreSQL, ffmpeg and the API
// children when they happen to run. Each test file has its own database (a SQLite file, a
// PostgreSQL schema), temp folders and ephemeral ports, so files run side by side safely.
const jestWorkers = `--maxWorkers=${Math.max(2, os.availableParallelism())}`
await stage('unit tests', () => jest(jestProjects.filter((n) => !['sim', 'e2e'].includes(n)), [jestWorkers]))

const weappOk = await stage('build weapp', async () => (await buildApps('weapp')).every((r) => r.ok))
if (weappOk) {
  // WeChat's own compiler, per-package count and code-quality rules (miniprogram-ci, offline) on
  // the four builds in one process (tools/wxci); its counts go beside ours in the size report.
  await stage('WeChat checks', async () => (await pnpm(['--filter', '@tianyuan/wxci', 'run', 'check', '--json', path.join(resultsDir, 'wxci.json')])) === 0)
  await stage('size budget', async () => (await pnpm(['--filter', '@tianyuan/size', 'run', 'check', '--json', path.join(resultsDir, 'size.json'), '--wechat', path.join(resultsDir, 'wxci.json')])) === 0)
  if (has('sim')) await stage('simulator tests', () => jest(['sim'], [jestWorkers]))
} else {
  skip('WeChat checks', 'the weapp build failed')
  skip('size budget', 'the weapp build failed')
  skip('simulator tests', 'the weapp build failed')
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const h5Ok = await stage('build h5', async () => (await buildApps('h5')).every((r) => r.ok))
if (has('e2e')) {
  if (!fs.existsSync(chromium)) {
    await stage('browser tests', async () => {
      throw new Error(`Chromium not found at ${chromium}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH)`)
    })
  } else if (h5Ok) await stage('browser tests', () => jest(['e2e'], ['--maxWorkers=2']))
  else skip('browser tests', 'the H5 build failed')
}

// Every benchmark of tools/bench with tiny counts (~2.5 min; it stops itself at 4): the size
// budgets, each app's first screen (its data-first-screen marker) with the image policy on and
// off, the flaky-network session, API throughput. Its exit code is the stage's. It writes only
// its own folder under bench/results/ (ignored by git), never the committed report.
if (!weappOk || !h5Ok) skip('benchmarks (quick)', `the ${weappOk ? 'H5' : 'weapp'} build failed`)
else if (!fs.existsSync(chromium)) skip('benchmarks (quick)', `Chromium not found at ${chromium}`)
else {
  const tsx = path.join(root, 'tools', 'bench', 'node_modules', '.bin', 'tsx')
  await stage('benchmarks (quick)', async () => (await run(tsx, [path.join(root, 'tools', 'bench', 'src', 'cli.ts'), '--quick'])) === 0)
}

console.log('\n━━ summary')
for (const s of stages) console.log(`${s.ok ? '✓' : '✗'} ${s.name.padEnd(18)} ${s.skipped ? `skipped: ${s.skipped}` : seconds(s.ms)}`)
const failedStages = stages.filter((s) => !s.ok)
console.log(`total ${seconds(Date.now() - t0)}; ${failedStages.length ? `failed: ${failedStages.map((s) => s.name).join(', ')}` : 'all stages passed'}`)
// A stage that failed without failing a test (lint, a build) still counts as a failure.
const failed = tally.failed + failedStages.filter((s) => !s.name.includes('tests')).length
console.log(`tests: ${tally.passed} passed, ${failed} failed`)
process.exit(failedStages.length ? 1 : 0)
