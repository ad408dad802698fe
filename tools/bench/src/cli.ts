// `tsx tools/bench/src/cli.ts [--quick] [--only name,…] [--build-stats]`: runs the benchmarks,
// writes bench/results/<timestamp>/ (run.json, report.md, charts); a full run of every benchmark
// also replaces bench/results/latest.json, report.md, charts/ and the README's performance section.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BENCHMARKS } from './benchmarks'
import { renderChartSvg, renderReadmeSection, renderReport, replaceReadmeSection } from './render'
import type { BenchResult, RunFile } from './types'

const root = path.resolve(__dirname, '..', '..', '..')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const onlyArg = args.find((a) => a.startsWith('--only'))
const onlyValue = onlyArg?.includes('=') ? onlyArg.split('=')[1] : onlyArg ? args[args.indexOf(onlyArg) + 1] : undefined
const only = onlyValue ? onlyValue.split(',').map((s) => s.trim()).filter(Boolean) : null
const unknown = (only ?? []).filter((n) => !BENCHMARKS.some((b) => b.name === n))
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')} (have: ${BENCHMARKS.map((b) => b.name).join(', ')})`)
  process.exit(2)
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

/**
 * A quick run is npm test's gate and must stay under 4 minutes (it takes about 2.5): past the limit
 * it stops, saying which benchmark was running, rather than holding up CI. Every wait inside is
 * bounded as well; this is the backstop.
 */
const QUICK_LIMIT_MS = Number(process.env.BENCH_QUICK_LIMIT_S ?? 240) * 1000
let running = '(starting)'

async function main(): Promise<number> {
  if (quick) {
    setTimeout(() => {
      console.error(`\n✗ the quick run took longer than ${QUICK_LIMIT_MS / 1000} s (still running: ${running}); stopped`)
      process.exit(1)
    }, QUICK_LIMIT_MS).unref()
  }
  if (args.includes('--build-stats')) {
    console.log('› building the weapp packages with TARO_BENCH_STATS=1 (webpack module stats for the attribution)')
    const r = spawnSync('flock', ['/tmp/tianyuan-pnpm.lock', process.execPath, 'scripts/build.mjs', 'weapp'], { cwd: root, stdio: 'inherit', env: { ...process.env, TARO_BENCH_STATS: '1' } })
    if (r.status !== 0) return 1
  }
  const startedAt = new Date()
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-')
  const resultsDir = path.join(root, 'bench', 'results')
  const runDir = path.join(resultsDir, `${stamp}${quick ? '-quick' : ''}`)
  fs.mkdirSync(runDir, { recursive: true })
  const loadStart = os.loadavg()
  const results: BenchResult[] = []
  for (const b of BENCHMARKS.filter((x) => !only || only.includes(x.name))) {
    console.log(`\n━━ ${b.name}: ${b.title}${quick ? ' (quick)' : ''}`)
    running = b.name
    const t0 = Date.now()
    try {
      const r = await b.run({ quick, root, runDir, log: (m) => console.log(`  ${m}`) })
      results.push({ name: b.name, title: b.title, ok: r.ok ?? true, durationMs: Date.now() - t0, ...r })
    } catch (e) {
      console.error(e)
      results.push({ name: b.name, title: b.title, ok: false, error: (e as Error).message, durationMs: Date.now() - t0, headlines: [], charts: [], notes: [], data: null })
    }
    const last = results[results.length - 1] as BenchResult
    console.log(`  ${last.ok ? '✓' : '✗'} ${b.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s${last.error ? ` — ${last.error}` : ''}`)
  }
  const run: RunFile = {
    meta: {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      quick,
      only,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      loadAverage: { start: loadStart, end: os.loadavg() },
      gitCommit: gitCommit(),
    },
    results,
  }
  fs.writeFileSync(path.join(runDir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`)
  results.forEach((r) => r.charts.forEach((c, i) => fs.writeFileSync(path.join(runDir, `${r.name}-${i + 1}.svg`), renderChartSvg(c))))
  fs.writeFileSync(path.join(runDir, 'report.md'), renderReport(run, (r, i) => `${r.name}-${i + 1}.svg`))
  // Only a full run of every benchmark replaces the committed report, its charts, latest.json and the README section.
  const full = !quick && !only
  if (full) {
    fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(run, null, 2)}\n`)
    const chartsDir = path.join(resultsDir, 'charts')
    fs.rmSync(chartsDir, { recursive: true, force: true })
    fs.mkdirSync(chartsDir, { recursive: true })
    results.forEach((r) => r.charts.forEach((c, i) => fs.writeFileSync(path.join(chartsDir, `${r.name}-${i + 1}.svg`), renderChartSvg(c))))
    fs.writeFileSync(path.join(resultsDir, 'report.md'), renderReport(run, (r, i) => `charts/${r.name}-${i + 1}.svg`))
    const readme = path.join(root, 'README.md')
    fs.writeFileSync(readme, replaceReadmeSection(fs.readFileSync(readme, 'utf8'), renderReadmeSection(run)))
    console.log('\nlatest.json, report.md, charts/ and the README performance section regenerated.')
  }
  console.log(`\nthis run: ${path.relative(root, path.join(runDir, 'report.md'))} (${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s)`)
  const failed = results.filter((r) => !r.ok)
  if (failed.length) console.error(`✗ failed: ${failed.map((r) => r.name).join(', ')}`)
  return failed.length ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
