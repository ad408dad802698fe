#!/usr/bin/env node
// `npm run typecheck`: type-checks every workspace package that has a `typecheck` script, with
// fewer programs than packages. The Node-side packages (tsconfig.node.json) are one program — they
// import each other's sources, so one `tsc` per package checked the API's sources five times;
// the SDK, the UI package and each app stay their own program (see tsconfig.node.json for why).
// A package whose tsconfig tsconfig.node.json does not cover exactly (an include it lacks, or
// compiler options of its own) is checked on its own, so a new package is never skipped.
// Two programs at a time (2 cores). `node scripts/typecheck.mjs --list` prints the plan.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { spawn } from 'node:child_process'
import { pool, root, seconds } from './lib.mjs'

const require = createRequire(import.meta.url)
const ts = require(path.join(root, 'node_modules', 'typescript'))
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const SHARED = 'tsconfig.node.json'

const readTsconfig = (file) => {
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile)
  if (error) throw new Error(`${path.relative(root, file)}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`)
  return config
}

/** Workspace packages (apps/*, packages/*, tools/*) with a `typecheck` script. */
function packagesWithTypecheck() {
  const out = []
  for (const group of ['apps', 'packages', 'tools']) {
    for (const name of fs.readdirSync(path.join(root, group)).sort()) {
      const dir = path.join(root, group, name)
      const pkgFile = path.join(dir, 'package.json')
      if (!fs.existsSync(pkgFile)) continue
      const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'))
      if (pkg.scripts?.typecheck) out.push({ dir: path.relative(root, dir), name: pkg.name, script: pkg.scripts.typecheck })
    }
  }
  return out
}

const sameSet = (a = [], b = []) => a.length === b.length && a.every((x) => b.includes(x))

/** Why the shared program does not stand in for this package's own check, or null when it does. */
function notCovered(pkg, shared) {
  if (pkg.script.trim() !== 'tsc -p tsconfig.json') return `its typecheck script is "${pkg.script}"`
  const file = path.join(root, pkg.dir, 'tsconfig.json')
  if (!fs.existsSync(file)) return 'it has no tsconfig.json'
  const own = readTsconfig(file)
  if (own.extends !== '../../tsconfig.base.json') return 'its tsconfig does not extend tsconfig.base.json alone'
  if (own.files || own.references || own.exclude) return 'its tsconfig lists files, references or excludes'
  const { types, lib, ...rest } = own.compilerOptions ?? {}
  if (Object.keys(rest).length) return `its tsconfig sets ${Object.keys(rest).join(', ')}`
  if (!sameSet(types, shared.compilerOptions.types)) return `its types are ${JSON.stringify(types)}`
  if (lib && !sameSet(lib, shared.compilerOptions.lib)) return `its lib is ${JSON.stringify(lib)}`
  const missing = (own.include ?? []).map((i) => path.posix.join(pkg.dir, i)).filter((i) => !shared.include.includes(i))
  if (missing.length) return `${SHARED} does not include ${missing.join(', ')}`
  return null
}

export function plan() {
  const shared = readTsconfig(path.join(root, SHARED))
  const covered = []
  const own = []
  for (const pkg of packagesWithTypecheck()) {
    const why = notCovered(pkg, shared)
    if (why) own.push({ ...pkg, why })
    else covered.push(pkg)
  }
  // The shared program first: it is the longest, so the others fill the second core around it.
  return [
    ...(covered.length ? [{ label: `${SHARED} (${covered.map((p) => p.name).join(', ')})`, args: ['-p', SHARED] }] : []),
    ...own.map((p) => ({ label: p.name, args: ['-p', path.join(p.dir, 'tsconfig.json')], why: p.why })),
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const programs = plan()
  if (process.argv.includes('--list')) {
    for (const p of programs) console.log(`${p.label}${p.why ? ` — on its own: ${p.why}` : ''}`)
    process.exit(0)
  }
  const t0 = Date.now()
  const results = await pool(programs, 2, async (p) => {
    const t = Date.now()
    // Collected, then printed whole, so two programs' errors do not interleave.
    const chunks = []
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [tsc, ...p.args, '--pretty', 'false'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
      child.stdout.on('data', (d) => chunks.push(d))
      child.stderr.on('data', (d) => chunks.push(d))
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
      child.on('error', (e) => (chunks.push(Buffer.from(e.message)), resolve(1)))
    })
    const output = Buffer.concat(chunks).toString()
    console.log(`${code === 0 ? '✓' : '✗'} ${p.label} (${seconds(Date.now() - t)})`)
    if (output.trim()) console.log(output.trimEnd())
    return code === 0
  })
  console.log(`typecheck: ${programs.length} programs in ${seconds(Date.now() - t0)}; ${results.filter((ok) => !ok).length} failed`)
  process.exit(results.every(Boolean) ? 0 : 1)
}
