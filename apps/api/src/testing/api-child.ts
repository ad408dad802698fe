// The real API in a Node process of its own, on a database a test made: for tests that kill the
// process (`kill -9`) and start another on the same data. Run as `node --import tsx api-child.ts`
// with TIANYUAN_CHILD (JSON: ChildSettings). Prints one JSON line `{ "url": … }` when listening;
// SIGTERM, or its stdin closing (the test process is gone), shuts it down.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DatabaseTarget } from '../config'
import { loadConfig } from '../config'
import { openDatabase } from '../platform/db'
import { startServer } from '../server'
import { SHARED_SANDBOX_KEYS, TEST_APPID, TEST_SECRET } from './harness'

export interface ChildSettings {
  target: DatabaseTarget
  /** PostgreSQL: the test database's schema. */
  schema?: string
  mediaDir: string
  /** Added to the wall clock: "this server starts later" without waiting. */
  clockOffsetMs?: number
  /** More environment for loadConfig (e.g. TRUST_PROXY). */
  env?: Record<string, string>
  /** A module whose `setup(server)` runs once the server listens (tests: a scheduler handler of their own). */
  setup?: string
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.TIANYUAN_CHILD ?? '') as ChildSettings
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-api-child-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    MEDIA_DIR: settings.mediaDir,
    WECHAT_APPID: TEST_APPID,
    WECHAT_SECRET: TEST_SECRET,
    WECHAT_SANDBOX_DATA_DIR: SHARED_SANDBOX_KEYS,
    LOG_LEVEL: 'silent',
    ...settings.env,
  })
  const db = await openDatabase(settings.target, settings.schema ? { schema: settings.schema, poolSize: 3 } : {})
  const offset = settings.clockOffsetMs ?? 0
  const server = await startServer({ config, db, now: () => Date.now() + offset })
  if (settings.setup) await ((await import(settings.setup)) as { setup(s: typeof server): Promise<void> | void }).setup(server)
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= server.shutdown().finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true })
      process.exit(0)
    })
  }
  process.on('SIGTERM', stop)
  process.stdin.on('end', stop)
  process.stdin.resume()
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`)
  process.exit(1)
})
