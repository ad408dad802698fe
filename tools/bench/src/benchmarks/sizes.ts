// 1. Package sizes: every app's weapp main package and subpackages (tools/size), raw and gzip,
// against the budget; and who the main package's bytes belong to, from webpack's own module list
// (dist/stats-weapp.json, written when the app is built with TARO_BENCH_STATS=1).
import fs from 'node:fs'
import path from 'node:path'
import { budgetFor, checkBudget, measureWeapp, type BudgetFile } from '@tianyuan/size'
import type { Benchmark, ChartGroup, ChartSpec, Headline } from '../types'

export const APPS = ['market', 'clinic', 'classroom', 'microloan'] as const

// 'React or Preact': the UI framework (the apps ship Preact through preact/compat since issue 17;
// tools/taro-config's react-dom-preact.mjs is its react-dom for mini-programs).
export type Owner = 'React or Preact' | 'Taro runtime' | 'SDK' | 'UI package' | 'app code' | 'other libraries'
export const OWNERS: Owner[] = ['React or Preact', 'Taro runtime', 'SDK', 'UI package', 'app code', 'other libraries']

/** Who a webpack module (its stats `name`, e.g. `../../node_modules/.pnpm/react-reconciler@…`) belongs to. */
export function ownerOf(moduleName: string | undefined): Owner {
  // A loader request (`…/taro-loader/…!./src/app.tsx`) belongs to the file after the last '!'.
  const n = (moduleName ?? '').replace(/\\/g, '/').split('!').pop() ?? ''
  if (/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(react|react-reconciler|scheduler|react-dom|preact)\//.test(n) || /taro-config\/react-dom-preact\.mjs$/.test(n)) return 'React or Preact'
  if (/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?@tarojs\//.test(n)) return 'Taro runtime'
  if (/packages\/sdk\/|@tianyuan\/sdk\//.test(n)) return 'SDK'
  if (/packages\/ui\/|@tianyuan\/ui\//.test(n)) return 'UI package'
  if (/packages\/contracts\/|@tianyuan\/contracts\//.test(n)) return 'SDK'
  if (/node_modules\//.test(n)) return 'other libraries'
  return 'app code'
}

const TARO_TEMPLATE = /^(base\.wxml|utils\.wxs|comp\.[a-z]+|custom-wrapper\.[a-z]+)$/

export interface StatsFile {
  generatedAt: string
  chunks: { id: string | number; names: string[]; files: string[]; modules: { name?: string; size: number }[] }[]
}

/**
 * Splits each main-package JS file's real bytes between owners in proportion to its modules'
 * source sizes (webpack's sizes are before minification; the file's bytes are after). Files
 * webpack did not make (wxml, wxss, json) count as app code.
 */
export function attribute(stats: StatsFile, mainFiles: { path: string; raw: number }[]): Record<Owner, number> {
  const out = Object.fromEntries(OWNERS.map((o) => [o, 0])) as Record<Owner, number>
  const byFile = new Map<string, Map<Owner, number>>()
  for (const chunk of stats.chunks) {
    for (const file of chunk.files.filter((f) => f.endsWith('.js'))) {
      const m = byFile.get(file) ?? new Map<Owner, number>()
      for (const mod of chunk.modules) m.set(ownerOf(mod.name), (m.get(ownerOf(mod.name)) ?? 0) + mod.size)
      byFile.set(file, m)
    }
  }
  for (const f of mainFiles) {
    const shares = byFile.get(f.path)
    const total = shares ? [...shares.values()].reduce((a, b) => a + b, 0) : 0
    if (!shares || !total) {
      // Taro's generated templates (base.wxml, utils.wxs, comp.*, custom-wrapper.*) are its runtime's; other wxml/wxss/json the app's.
      out[TARO_TEMPLATE.test(f.path) ? 'Taro runtime' : 'app code'] += f.raw
      continue
    }
    for (const [owner, size] of shares) out[owner] += (f.raw * size) / total
  }
  return out
}

export const sizesBenchmark: Benchmark = {
  name: 'sizes',
  title: 'Package sizes (weapp)',
  async run(ctx) {
    const budgets = JSON.parse(fs.readFileSync(path.join(ctx.root, 'tools/size/budgets.json'), 'utf8')) as BudgetFile
    const rows: (string | number)[][] = []
    const groups: ChartGroup[] = []
    const shareGroups: ChartGroup[] = []
    const headlines: Headline[] = []
    const notes: string[] = []
    const data: unknown[] = []
    let ok = true
    for (const app of APPS) {
      const dist = path.join(ctx.root, 'apps', app, 'dist', 'weapp')
      let packages
      try {
        packages = measureWeapp(dist)
      } catch (e) {
        ok = false
        notes.push(`${app}: ${(e as Error).message}`)
        continue
      }
      const verdicts = checkBudget(packages, budgetFor(budgets, app))
      if (verdicts.some((v) => !v.ok)) ok = false
      for (const p of packages) {
        const v = verdicts.find((x) => x.package === p.name)
        rows.push([app, p.name, (p.raw / 1024).toFixed(1), (p.gzip / 1024).toFixed(1), v ? (v.limit / 1024).toFixed(0) : '—', v?.ok ? '✓' : '✗ over'])
      }
      const main = packages.find((p) => p.name === 'main')
      const mainLimit = verdicts.find((v) => v.package === 'main')?.limit ?? null
      if (main) {
        const subs = packages.filter((p) => p.name !== 'main')
        groups.push({
          label: app,
          bars: [
            { series: 'main raw', value: main.raw },
            { series: 'main gzip', value: main.gzip },
            { series: 'largest subpackage raw', value: Math.max(0, ...subs.map((p) => p.raw)) },
          ],
        })
        headlines.push({ metric: `${app} main package (raw)`, value: main.raw, baseline: mainLimit, unit: 'B', baselineLabel: 'budget' })
      }
      const statsFile = path.join(ctx.root, 'apps', app, 'dist', 'stats-weapp.json')
      let shares: Record<Owner, number> | null = null
      const appJs = path.join(dist, 'app.js')
      if (main && fs.existsSync(statsFile) && fs.existsSync(appJs) && fs.statSync(statsFile).mtimeMs >= fs.statSync(appJs).mtimeMs - 60_000) {
        shares = attribute(JSON.parse(fs.readFileSync(statsFile, 'utf8')) as StatsFile, main.files)
        shareGroups.push({ label: app, bars: OWNERS.map((o) => ({ series: o, value: (shares as Record<Owner, number>)[o] })) })
      } else if (main) {
        notes.push(`${app}: no fresh dist/stats-weapp.json, so no attribution (build with \`TARO_BENCH_STATS=1 node scripts/build.mjs weapp ${app}\`, or run the bench with --build-stats)`)
      }
      data.push({ app, packages: packages.map(({ name, raw, gzip, files }) => ({ name, raw, gzip, files: files.slice(0, 12) })), verdicts, mainShares: shares })
    }
    const charts: ChartSpec[] = [{ title: 'Main package per app (bytes on disk, as WeChat counts them)', unit: 'B', groups, limit: { label: 'budget', value: (budgets.defaults.mainKB ?? 600) * 1024 } }]
    if (shareGroups.length) charts.push({ title: 'Who the main package bytes belong to (raw)', unit: 'B', groups: shareGroups })
    if (shareGroups.length) {
      const shareRows = shareGroups.map((g) => {
        const total = g.bars.reduce((a, b) => a + b.value, 0)
        return [g.label, ...g.bars.map((b) => `${((100 * b.value) / total).toFixed(0)} % (${(b.value / 1024).toFixed(0)} KB)`)]
      })
      notes.push(`Main-package shares (webpack module source sizes scaled to each file's real bytes; Taro's generated templates (base.wxml, utils.wxs, comp.*) counted as Taro runtime, other wxml/wxss/json as app code):\n\n${[`| app | ${OWNERS.join(' | ')} |`, `| --- | ${OWNERS.map(() => '---').join(' | ')} |`, ...shareRows.map((r) => `| ${r.join(' | ')} |`)].join('\n')}`)
    }
    return { ok, error: ok ? undefined : 'a package is over budget or an app is not built', headlines, charts, table: { columns: ['app', 'package', 'raw KB', 'gzip KB', 'budget KB', 'verdict'], rows }, notes, data }
  },
}
