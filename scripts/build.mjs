#!/usr/bin/env node
// `node scripts/build.mjs <weapp|h5> [app ...]`: builds the apps for one target, two at a
// time (an H5 build peaks near 700 MB and there are 2 cores), and says how long each took.
import { APPS, install, pnpm, pool, root, seconds } from './lib.mjs'
import fs from 'node:fs'
import path from 'node:path'

export async function buildApps(target, apps = APPS, { quiet = false } = {}) {
  if (!['weapp', 'h5'].includes(target)) throw new Error(`unknown target "${target}": use weapp or h5`)
  const unknown = apps.filter((a) => !APPS.includes(a))
  if (unknown.length) throw new Error(`unknown app(s): ${unknown.join(', ')} (apps: ${APPS.join(', ')})`)
  const results = await pool(apps, 2, async (app, i) => {
    const t0 = Date.now()
    console.log(`› [${i + 1}/${apps.length}] building ${app} for ${target}…`)
    const logFile = path.join(root, 'apps', app, `dist/build-${target}.log`)
    fs.mkdirSync(path.dirname(logFile), { recursive: true })
    const log = fs.openSync(logFile, 'w')
    // Taro's progress bar is noise in a log; keep the output in a file and show it on failure.
    const code = await pnpm(['--filter', `@tianyuan/${app}`, 'run', `build:${target}`], {
      stdio: quiet ? ['ignore', log, log] : ['ignore', log, log],
      env: { ...process.env, NODE_ENV: 'production' },
    })
    fs.closeSync(log)
    const ms = Date.now() - t0
    if (code !== 0) {
      console.error(fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => !/^\s*(at |- \/)/.test(l)).slice(-60).join('\n'))
      console.error(`✗ ${app} ${target} build failed after ${seconds(ms)} (full log: ${path.relative(root, logFile)})`)
    } else console.log(`✓ ${app} ${target} built in ${seconds(ms)}`)
    return { app, target, ok: code === 0, ms }
  })
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [target, ...apps] = process.argv.slice(2)
  await install()
  const results = await buildApps(target, apps.length ? apps : APPS)
  process.exit(results.every((r) => r.ok) ? 0 : 1)
}
