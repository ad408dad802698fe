#!/usr/bin/env node
// `npm test`: install, lint, typecheck, unit and API suites, weapp builds + WeChat's checks + size budget +
// simulator suites, H5 builds + browser suites, then the quick benchmarks (`npm run bench --
// --quick`: size budgets, and every benchmark still runs). The builds and their checks run in a
// lane beside the test suites (see below). Every stage runs even after a failure (so one run
// shows everything that is wrong) unless it needs what failed; exits non-zero on any failure
// and ends with one "N passed, N failed" line.
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

/** Busy and total CPU time of the whole machine so far (all cores), from the kernel's counters. */
function cpuTimes() {
  let busy = 0
  let total = 0
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle
    busy += all - times.idle
    total += all
  }
  return { busy, total }
}
/** How busy the machine's cores were between two readings, in %: where a stage leaves room beside it. */
const busyPercent = (from, to = cpuTimes()) => Math.round((100 * (to.busy - from.busy)) / Math.max(1, to.total - from.total))

/** Runs one stage; `lane` names a stage run beside the test stages (the summary keeps start order). */
async function stage(name, fn, { lane } = {}) {
  const t0 = Date.now()
  const cpu0 = cpuTimes()
  const entry = { name, ok: false, ms: 0 }
  stages.push(entry)
  console.log(`\n━━ ${name}${lane ? ` (${lane})` : ''}`)
  let ok
  try {
    ok = await fn()
  } catch (e) {
    console.error(e instanceof Error ? e.message : e)
    ok = false
  }
  Object.assign(entry, { ok, ms: Date.now() - t0, busy: busyPercent(cpu0) })
  console.log(`${ok ? '✓' : '✗'} ${name} (${seconds(Date.now() - t0)})`)
  return ok
}

/**
 * Runs a command of a stage that runs beside a Jest stage: its output goes to
 * test-results/<logName> and is printed in one piece when it exits, so the two stages'
 * outputs do not interleave line by line. Resolves with the exit code.
 */
async function besideCommand(logName, args) {
  const logFile = path.join(resultsDir, logName)
  const fd = fs.openSync(logFile, 'w')
  try {
    return await pnpm(args, { stdio: ['ignore', fd, fd] })
  } finally {
    fs.closeSync(fd)
    process.stdout.write(`── ${logName}\n${fs.readFileSync(logFile, 'utf8')}`)
  }
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

const t0 = Date.now()
const cpuStart = cpuTimes()
await stage('install', async () => (await install(), true))
// Read after the install: the unit project's Preact mapping resolves preact from node_modules.
const jestProjects = require(path.join(root, 'jest.config.js')).projects.map((p) => p.displayName)
const has = (name) => jestProjects.includes(name)
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

// From here two lanes. Nothing the unit and API suites read is built, so the builds and the
// checks of their output run in a lane beside the test stages instead of after them: they take
// the moments a Jest stage leaves a core idle (its tail, when one file is left; the API suite's
// waits on PostgreSQL, on the children it kills and restarts, on leases). The Jest stages are
// mostly CPU-bound on 2 cores (the unit and API suites take about as many CPU-seconds as their
// ~310 s give two cores), so this saves the idle moments, not the builds' whole time; the summary's
// "cores busy" figures show how much room is left. Two Jest stages never run at once: the
// browser suite times first paint and journeys against budgets.
//   tests:  unit tests ──────────────┬─ simulator tests ─┬─ browser tests ─ benchmarks (quick)
//   builds: build weapp → WeChat checks → size budget ─┴─ build h5 ───────┘
// A suite that needs a build waits for it (simulator: dist/weapp; browser: dist/h5). The builds'
// own lines are short; the checks' output is printed in one piece when each ends.
const unitTests = stage('unit tests', () => jest(jestProjects.filter((n) => !['sim', 'e2e'].includes(n)), [jestWorkers]))
const lane = 'build lane, beside the test stages'
const weappBuilt = (async () => {
  const ok = await stage('build weapp', async () => (await buildApps('weapp')).every((r) => r.ok), { lane })
  if (!ok) {
    skip('WeChat checks', 'the weapp build failed')
    skip('size budget', 'the weapp build failed')
    return false
  }
  // WeChat's own compiler, per-package count and code-quality rules (miniprogram-ci, offline) on
  // the four builds in one process (tools/wxci); its counts go beside ours in the size report.
  await stage('WeChat checks', async () => (await besideCommand('wxci.log', ['--filter', '@tianyuan/wxci', 'run', 'check', '--json', path.join(resultsDir, 'wxci.json')])) === 0, { lane })
  await stage('size budget', async () => (await besideCommand('size.log', ['--filter', '@tianyuan/size', 'run', 'check', '--json', path.join(resultsDir, 'size.json'), '--wechat', path.join(resultsDir, 'wxci.json')])) === 0, { lane })
  return true
})()
const h5Built = weappBuilt.then(() => stage('build h5', async () => (await buildApps('h5')).every((r) => r.ok), { lane }))

await unitTests
const weappOk = await weappBuilt
if (!weappOk) skip('simulator tests', 'the weapp build failed')
else if (has('sim')) await stage('simulator tests', () => jest(['sim'], [jestWorkers]))

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const h5Ok = await h5Built
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

// Beside each time, how busy the machine's cores were meanwhile (every process on it, so a stage
// that overlaps another shares its figure): well under 100 % is room to run something beside it.
console.log('\n━━ summary')
for (const s of stages) console.log(`${s.ok ? '✓' : '✗'} ${s.name.padEnd(18)} ${s.skipped ? `skipped: ${s.skipped}` : `${seconds(s.ms).padStart(8)}  cores ${s.busy} % busy`}`)
const failedStages = stages.filter((s) => !s.ok)
console.log(`total ${seconds(Date.now() - t0)} (cores ${busyPercent(cpuStart)} % busy); ${failedStages.length ? `failed: ${failedStages.map((s) => s.name).join(', ')}` : 'all stages passed'}`)
// A stage that failed without failing a test (lint, a build) still counts as a failure.
const failed = tally.failed + failedStages.filter((s) => !s.name.includes('tests')).length
console.log(`tests: ${tally.passed} passed, ${failed} failed`)
process.exit(failedStages.length ? 1 : 0)
