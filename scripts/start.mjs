#!/usr/bin/env node
// `npm start`: install, build the four H5 apps (skipping those already up to date),
// precompress them, and serve them behind one launcher URL. Ctrl-C stops it all.
//   PORT=8080 npm start        another port (default 5173)
//   npm start -- --rebuild     build every app even if its build looks up to date
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { buildApps } from './build.mjs'
import { APPS, install, root, seconds } from './lib.mjs'

const STAMP = '.tianyuan-build.json'
const rebuild = process.argv.includes('--rebuild')

/**
 * Every process this one started, children first-level down to the last (pnpm runs Taro
 * through two more processes, and killing pnpm alone leaves them running).
 */
function descendants(pid = process.pid) {
  let table
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
  } catch {
    return []
  }
  const children = new Map()
  for (const line of table.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number)
    children.set(parent, [...(children.get(parent) ?? []), child])
  }
  const out = []
  const walk = (p) => (children.get(p) ?? []).forEach((c) => { out.push(c); walk(c) })
  walk(pid)
  return out
}

let stopping = false
/** @type {import('node:child_process').ChildProcess | undefined} */
let preview
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    // Ctrl-C in a terminal reaches the whole foreground group anyway; this covers a signal
    // sent to this process only. The preview closes gracefully and exits by itself.
    if (preview && preview.exitCode === null) {
      preview.kill(signal)
      return
    }
    for (const pid of descendants()) {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    console.log('\n› stopped')
    process.exit(130)
  })
}

/** Newest mtime (files and folders, so deletions count) under these paths. */
function newestMtime(paths) {
  let newest = 0
  const visit = (p) => {
    let stat
    try {
      stat = fs.statSync(p)
    } catch {
      return
    }
    newest = Math.max(newest, stat.mtimeMs)
    if (!stat.isDirectory()) return
    for (const name of fs.readdirSync(p)) {
      // Tests are not part of a build (their folder's mtime still counts, conservatively).
      if (name !== 'node_modules' && name !== 'dist' && !/\.test\.[jt]sx?$/.test(name)) visit(path.join(p, name))
    }
  }
  paths.forEach(visit)
  return newest
}

/** Everything an app's H5 build is made from (its dependencies come in through the lockfile). */
function sourcesOf(app) {
  const appDir = path.join(root, 'apps', app)
  const packages = fs.readdirSync(path.join(root, 'packages')).flatMap((p) => [
    path.join(root, 'packages', p, 'src'),
    path.join(root, 'packages', p, 'package.json'),
  ])
  return [
    ...['src', 'config', 'package.json', 'babel.config.js', 'tsconfig.json', 'types'].map((f) => path.join(appDir, f)),
    ...packages,
    path.join(root, 'tools', 'taro-config'),
    path.join(root, 'pnpm-lock.yaml'),
  ]
}

const buildEnv = () => ({ TIANYUAN_API_BASE: process.env.TIANYUAN_API_BASE ?? null })

/**
 * Up to date when this script built it (the stamp, written after a successful build,
 * holds the time the build started), nothing it is made from changed since that start,
 * and it was built with the same settings. Builds made any other way are rebuilt once.
 */
function upToDate(app) {
  const dist = path.join(root, 'apps', app, 'dist', 'h5')
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(dist, STAMP), 'utf8'))
    if (!fs.existsSync(path.join(dist, 'index.html'))) return false
    if (JSON.stringify(stamp.env) !== JSON.stringify(buildEnv())) return false
    return newestMtime(sourcesOf(app)) < stamp.startedAt
  } catch {
    return false
  }
}

/** Resolves true when 127.0.0.1:port can be listened on (checked before minutes of building). */
function portFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

const port = process.env.PORT || '5173'
if (!/^\d+$/.test(port) || Number(port) > 65535) {
  console.error(`✗ PORT=${port} 不对：要 0-65535 之间的整数（PORT must be an integer 0-65535）`)
  process.exit(2)
}
if (Number(port) > 0 && !(await portFree(Number(port)))) {
  console.error(`✗ 端口 ${port} 已被占用（port ${port} is in use）。换一个端口：PORT=${Number(port) + 1} npm start`)
  process.exit(1)
}

const t0 = Date.now()
await install()
if (stopping) process.exit(130)

const present = APPS.filter((app) => fs.existsSync(path.join(root, 'apps', app, 'package.json')))
for (const app of APPS.filter((a) => !present.includes(a))) console.log(`· ${app}: no source yet (apps/${app}), skipped`)
const stale = present.filter((app) => rebuild || !upToDate(app))
for (const app of present.filter((a) => !stale.includes(a))) console.log(`✓ ${app}: H5 build is up to date (npm start -- --rebuild to build anyway)`)

if (stale.length) {
  const startedAt = Date.now()
  // A build stopped half-way must not pass for a finished one next time.
  for (const app of stale) fs.rmSync(path.join(root, 'apps', app, 'dist', 'h5', STAMP), { force: true })
  const results = await buildApps('h5', stale)
  if (stopping) process.exit(130)
  for (const r of results) {
    if (r.ok) fs.writeFileSync(path.join(root, 'apps', r.app, 'dist', 'h5', STAMP), `${JSON.stringify({ startedAt, env: buildEnv() })}\n`)
  }
  const failed = results.filter((r) => !r.ok).map((r) => r.app)
  if (failed.length) console.error(`✗ not built: ${failed.join(', ')} — the launcher shows them as missing`)
}

console.log(`› ready to serve after ${seconds(Date.now() - t0)}`)
// TypeScript runs through tsx; `--import tsx` resolves from the working directory, hence cwd.
preview = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts'], {
  cwd: path.join(root, 'tools', 'preview'),
  stdio: 'inherit',
  // One log line per API request drowns the URL; warnings and errors still show (LOG_LEVEL=info for all).
  env: { LOG_LEVEL: 'warn', ...process.env, PORT: port },
})
preview.on('exit', (code, signal) => {
  if (stopping || signal) console.log('› stopped')
  process.exit(code ?? (stopping ? 0 : 1))
})
