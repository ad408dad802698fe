// Shared by the root commands: bring the pinned pnpm, install, run steps with timing.
// Only Node and npm are assumed on the machine (ground rule 1).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const PNPM_VERSION = '12.4.2'
const toolsDir = path.join(root, '.tools')
const pnpmBin = path.join(toolsDir, 'node_modules', 'pnpm', 'bin', 'pnpm.mjs')

export const APPS = ['market', 'clinic', 'classroom', 'microloan']

/** Installs pnpm into .tools/ with npm (Corepack needs a signature workaround; npm does not). */
export function ensurePnpm() {
  const pkg = path.join(toolsDir, 'node_modules', 'pnpm', 'package.json')
  if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).version === PNPM_VERSION) return pnpmBin
  console.log(`› bringing pnpm ${PNPM_VERSION} into .tools/`)
  fs.mkdirSync(toolsDir, { recursive: true })
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const r = spawnSync(npm, ['install', '--prefix', toolsDir, '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${PNPM_VERSION}`], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error('could not install pnpm with npm')
  return pnpmBin
}

/** Runs a command, streaming its output; resolves with its exit code. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
    child.on('error', (e) => { console.error(e.message); resolve(1) })
  })
}

/**
 * The environment pnpm runs in. Run as `node pnpm.mjs`, pnpm does not put its bundled
 * node-gyp on PATH, and better-sqlite3 compiles from source here (its prebuilt download
 * is unreachable), so add it.
 */
export function pnpmEnv(env = process.env) {
  const gypBin = path.join(toolsDir, 'node_modules', 'pnpm', 'dist', 'node-gyp-bin')
  const out = { ...env, PATH: `${gypBin}${path.delimiter}${env.PATH ?? ''}` }
  // node-gyp would download Node's headers (unreachable here); use the ones installed
  // beside this Node when they are there. pnpm ignores npmrc's `nodedir`, so pass it on.
  const prefix = path.resolve(path.dirname(process.execPath), '..')
  if (!out.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) out.npm_config_nodedir = prefix
  return out
}

export const pnpm = (args, opts = {}) => run(process.execPath, [ensurePnpm(), ...args], { env: pnpmEnv(), ...opts })

/** pnpm install, frozen to the lockfile on CI. */
export async function install() {
  const args = ['install', '--config.confirmModulesPurge=false']
  if (process.env.CI) args.push('--frozen-lockfile')
  const code = await pnpm(args)
  if (code !== 0) throw new Error('pnpm install failed')
}

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`

/** Runs async tasks with at most `limit` at once (each H5 build peaks near 700 MB, 2 cores). */
export async function pool(items, limit, fn) {
  const results = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
