#!/usr/bin/env node
// `node scripts/pnpm.mjs <args>`: the pinned pnpm, brought on first use.
import { ensurePnpm, pnpmEnv, root } from './lib.mjs'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const bin = ensurePnpm()
const args = process.argv.slice(2)
// Commands other than install need the workspace installed first.
if (args[0] !== 'install' && !fs.existsSync(path.join(root, 'node_modules', '.modules.yaml'))) {
  const r = spawnSync(process.execPath, [bin, 'install'], { cwd: root, stdio: 'inherit', env: pnpmEnv() })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit', env: pnpmEnv() })
process.exit(r.status ?? 1)
