// `framework`: the same four apps built with React (the build before issue 17, Taro's default
// template depth) and with Preact (what ships, with and without the kept `mini.baseLevel`), side
// by side: each weapp main package (raw and gzip, tools/size's measureWeapp, as WeChat counts it)
// and each H5 home page's first load (the JS and CSS a cold browser fetches, compressed as
// tools/preview serves them). Every variant is built fresh by this run into the run's own folder
// (TIANYUAN_OUTPUT_ROOT; tools/taro-config reads it with TIANYUAN_FRAMEWORK and
// TIANYUAN_BASE_LEVEL), never into an app's dist, and deleted once measured.
// Full runs only: 20 builds of 1-2 min each, two at a time, ~15 min on 2 shared cores.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { APP_CATALOGUE, precompress, startPreview } from '@tianyuan/preview'
import { measureWeapp } from '@tianyuan/size'
import { CHROMIUM_ARGS, chromiumPath } from '../../../e2e/src/chromium'
// What ships: tools/taro-config's template depth.
import { BASE_LEVEL } from '../../../taro-config'
import type { Benchmark, ChartGroup, Headline } from '../types'
import { APPS } from './sizes'
import { pool } from '../pool'

export interface Variant {
  /** e.g. `preact, baseLevel 4`. */
  label: string
  framework: 'react' | 'preact'
  /** mini.baseLevel; H5 has no templates, so H5 builds only vary by framework. */
  baseLevel: number
}

/** The baseline first: the build as it was before issue 17 (React, Taro's default depth 16). */
export function variantsFor(shippedBaseLevel: number): Variant[] {
  const variants: Variant[] = [
    { label: 'React, baseLevel 16', framework: 'react', baseLevel: 16 },
    { label: 'Preact, baseLevel 16', framework: 'preact', baseLevel: 16 },
  ]
  if (shippedBaseLevel !== 16) variants.push({ label: `Preact, baseLevel ${shippedBaseLevel}`, framework: 'preact', baseLevel: shippedBaseLevel })
  return variants
}

interface Build {
  app: string
  target: 'weapp' | 'h5'
  variant: Variant
  dir: string
}

/** One Taro build of an app into `dir` (the env vars tools/taro-config reads); resolves with its log on failure. */
function build(root: string, b: Build): Promise<{ ok: boolean; ms: number; log: string }> {
  const t0 = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/pnpm.mjs', '--filter', `@tianyuan/${b.app}`, 'run', `build:${b.target}`], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        TIANYUAN_FRAMEWORK: b.variant.framework,
        TIANYUAN_BASE_LEVEL: String(b.variant.baseLevel),
        TIANYUAN_OUTPUT_ROOT: b.dir,
      },
    })
    let log = ''
    const keep = (d: Buffer) => {
      log = (log + d.toString()).slice(-20_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('close', (code) => resolve({ ok: code === 0, ms: Date.now() - t0, log }))
  })
}

/**
 * The JS and CSS the H5 home page fetches on a cold cache, in bytes as tools/preview sends them
 * (its precompressed brotli variant, else gzip, else the file): the page is opened in Chromium
 * (no API behind it — the code is the same whatever the data) until 1.5 s pass without a request.
 */
export async function h5FirstLoad(app: string, dir: string): Promise<{ code: number; html: number; files: { file: string; bytes: number }[] }> {
  const compressed = await precompress(dir, { force: true })
  const sent = new Map(compressed.files.map((f) => [f.file.split(path.sep).join('/'), f.br ?? f.gz ?? f.raw]))
  const meta = APP_CATALOGUE.find((a) => a.name === app)
  if (!meta) throw new Error(`${app}: not in tools/preview's catalogue`)
  const preview = await startPreview({ port: 0, apps: [{ ...meta, dir }], onError: () => {} })
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 })
    const files = new Set<string>()
    let last = Date.now()
    page.on('request', (req) => {
      last = Date.now()
      const { pathname } = new URL(req.url())
      if (pathname.startsWith(`/${app}/`)) files.add(pathname.slice(app.length + 2) || 'index.html')
    })
    await page.goto(`${preview.url}${app}/`, { waitUntil: 'load', timeout: 30_000 })
    const t0 = Date.now()
    while (Date.now() - last < 1_500 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 250))
    const list = [...files].map((file) => ({ file, bytes: sent.get(file) ?? (fs.existsSync(path.join(dir, file)) ? fs.statSync(path.join(dir, file)).size : 0) }))
    const isCode = (f: string) => /\.(js|css)$/.test(f)
    return {
      code: list.filter((f) => isCode(f.file)).reduce((a, f) => a + f.bytes, 0),
      html: list.filter((f) => f.file.endsWith('.html')).reduce((a, f) => a + f.bytes, 0),
      files: list.filter((f) => isCode(f.file)).sort((a, b) => b.bytes - a.bytes),
    }
  } finally {
    await browser.close()
    await preview.close()
  }
}

interface WeappCell {
  app: string
  variant: string
  raw: number | null
  gzip: number | null
  baseWxml: number | null
  error?: string
}
interface H5Cell {
  app: string
  variant: string
  code: number | null
  html: number | null
  largest: { file: string; bytes: number }[]
  error?: string
}

export const frameworkBenchmark: Benchmark = {
  name: 'framework',
  title: 'Framework weight: React against Preact, and the template depth',
  async run(ctx) {
    if (ctx.quick) {
      return { headlines: [], charts: [], notes: ['Skipped in the quick run: it builds every app five times (run `npm run bench -- --only framework`).'], data: null }
    }
    const variants = variantsFor(BASE_LEVEL)
    const apps = (process.env.BENCH_FRAMEWORK_APPS?.split(',') ?? [...APPS]).filter((a) => (APPS as readonly string[]).includes(a))
    const work = path.join(ctx.runDir, 'framework-builds')
    const builds: Build[] = apps.flatMap((app) => [
      ...variants.map((variant) => ({ app, target: 'weapp' as const, variant, dir: path.join(work, app, `weapp-${variant.framework}-${variant.baseLevel}`, 'weapp') })),
      // H5 has no template depth: one build per framework.
      ...variants.filter((v) => v.baseLevel === 16).map((variant) => ({ app, target: 'h5' as const, variant, dir: path.join(work, app, `h5-${variant.framework}`, 'h5') })),
    ])
    const weapp: WeappCell[] = []
    const h5: H5Cell[] = []
    // Two builds at a time (2 cores; an H5 build peaks near 700 MB); each is measured as it lands.
    await pool(builds, 2, async (b) => {
      const r = await build(ctx.root, b)
      const name = `${b.app} ${b.target} (${b.variant.label})`
      if (!r.ok) {
        ctx.log(`${name}: build failed after ${(r.ms / 1000).toFixed(0)} s`)
        const error = `build failed: ${r.log.split('\n').filter((l) => /error|Error/.test(l)).slice(0, 3).join(' / ').slice(0, 300)}`
        if (b.target === 'weapp') weapp.push({ app: b.app, variant: b.variant.label, raw: null, gzip: null, baseWxml: null, error })
        else h5.push({ app: b.app, variant: b.variant.framework === 'react' ? 'React' : 'Preact', code: null, html: null, largest: [], error })
        return
      }
      try {
        if (b.target === 'weapp') {
          const main = measureWeapp(b.dir).find((p) => p.name === 'main')
          const baseWxml = main?.files.find((f) => f.path === 'base.wxml')?.raw ?? null
          weapp.push({ app: b.app, variant: b.variant.label, raw: main?.raw ?? null, gzip: main?.gzip ?? null, baseWxml })
          ctx.log(`${name}: main ${main?.raw} B raw, ${main?.gzip} B gzip (built in ${(r.ms / 1000).toFixed(0)} s)`)
        } else {
          const first = await h5FirstLoad(b.app, b.dir)
          h5.push({ app: b.app, variant: b.variant.framework === 'react' ? 'React' : 'Preact', code: first.code, html: first.html, largest: first.files.slice(0, 5) })
          ctx.log(`${name}: first load ${first.code} B of JS and CSS (+${first.html} B HTML) (built in ${(r.ms / 1000).toFixed(0)} s)`)
        }
      } catch (e) {
        const error = (e as Error).message
        ctx.log(`${name}: ${error}`)
        if (b.target === 'weapp') weapp.push({ app: b.app, variant: b.variant.label, raw: null, gzip: null, baseWxml: null, error })
        else h5.push({ app: b.app, variant: b.variant.framework === 'react' ? 'React' : 'Preact', code: null, html: null, largest: [], error })
      } finally {
        fs.rmSync(path.dirname(b.dir), { recursive: true, force: true })
      }
    })
    fs.rmSync(work, { recursive: true, force: true })

    const baseline = variants[0] as Variant
    const shipped = variants[variants.length - 1] as Variant
    const kb = (b: number | null | undefined) => (b == null ? '—' : (b / 1024).toFixed(1))
    const w = (app: string, v: Variant) => weapp.find((c) => c.app === app && c.variant === v.label)
    const h = (app: string, fw: 'React' | 'Preact') => h5.find((c) => c.app === app && c.variant === fw)
    const rows = apps.map((app) => [
      app,
      ...variants.flatMap((v) => [kb(w(app, v)?.raw), kb(w(app, v)?.gzip)]),
      ...variants.map((v) => kb(w(app, v)?.baseWxml)),
      kb(h(app, 'React')?.code),
      kb(h(app, 'Preact')?.code),
    ])
    const headlines: Headline[] = [
      ...apps.map((app) => ({
        metric: `${app} main package, ${shipped.label} (raw)`,
        value: w(app, shipped)?.raw ?? null,
        baseline: w(app, baseline)?.raw ?? null,
        unit: 'B',
        baselineLabel: baseline.label,
      })),
      ...apps.map((app) => ({
        metric: `${app} H5 first load, JS + CSS (Preact, br)`,
        value: h(app, 'Preact')?.code ?? null,
        baseline: h(app, 'React')?.code ?? null,
        unit: 'B',
        baselineLabel: 'React',
      })),
    ]
    const weappGroups: ChartGroup[] = apps.map((app) => ({ label: app, bars: variants.map((v) => ({ series: v.label, value: w(app, v)?.raw ?? 0 })) }))
    const h5Groups: ChartGroup[] = apps.map((app) => ({
      label: app,
      bars: [
        { series: 'React', value: h(app, 'React')?.code ?? 0 },
        { series: 'Preact', value: h(app, 'Preact')?.code ?? 0 },
      ],
    }))
    const errors = [...weapp, ...h5].filter((c) => c.error).map((c) => `${c.app} ${'raw' in c ? 'weapp' : 'H5'} (${c.variant}): ${c.error}`)
    const notes = [
      `Each variant built by this run (\`TIANYUAN_FRAMEWORK\`, \`TIANYUAN_BASE_LEVEL\`, \`TIANYUAN_OUTPUT_ROOT\` read by tools/taro-config) into the run's folder, never the apps' dist, then deleted. Weapp: the main package as tools/size counts it (what WeChat uploads); gzip level 9 for the network. H5: the JS and CSS the home page fetched on a cold cache (Chromium, no API behind it: the code does not depend on the data), in the bytes tools/preview sends (its brotli variant); the HTML is counted apart.`,
      `The baseline is the build before issue 17 (${baseline.label}); what ships is ${shipped.label} (tools/taro-config's BASE_LEVEL). The template depth only changes base.wxml (shown per variant); deeper nodes render through Taro's \`comp\` component.`,
      ...errors,
    ]
    return {
      ok: errors.length === 0,
      error: errors.length ? `${errors.length} build(s) or measurement(s) failed` : undefined,
      headlines,
      charts: [
        { title: 'Main package per app and variant (raw, as WeChat counts it)', unit: 'B', groups: weappGroups, limit: { label: 'goal 300 KB', value: 300 * 1024 } },
        { title: 'H5 home page, first load: JS + CSS as sent (brotli)', unit: 'B', groups: h5Groups },
      ],
      table: {
        columns: ['app', ...variants.flatMap((v) => [`${v.label}: main raw KB`, 'gzip KB']), ...variants.map((v) => `base.wxml KB (${v.label})`), 'H5 first load KB, React', 'H5 first load KB, Preact'],
        rows,
      },
      notes,
      data: { variants, weapp, h5 },
    }
  },
}
