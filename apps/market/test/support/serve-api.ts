// Runs the real API for a simulator suite, in its own Node process (see @tianyuan/sim's
// child-server for why): temp SQLite (NODE_ENV=test: no demo data), the WeChat sandbox mounted
// at /wechat-sandbox, a seller's shop and products made through the seller endpoints.
// Announces { url, seller } when ready; SIGTERM shuts it down and removes the data.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runChildServer } from '@tianyuan/sim/child-server'
import { sellerFixture } from './seller-fixture'

/** What this script uses of @tianyuan/api. */
interface ApiModule {
  loadConfig(env: Record<string, string>): unknown
  startServer(options: { config: unknown }): Promise<{ url: string; db: { kysely: unknown }; sandbox: { openidOf(name: string): string } | null; shutdown(): Promise<void> }>
  seedNotices(deps: { db: unknown; now: () => number; openidOf?: (name: string) => string }): Promise<{ notices: number }>
}

// Loaded by name at run time, so that typechecking the app's tests does not typecheck the API's
// sources under the app's compiler settings (they differ: the API is checked by its own tsconfig).
const API_MODULE = '@tianyuan/api'

runChildServer(async () => {
  const { loadConfig, startServer, seedNotices } = (await import(API_MODULE)) as ApiModule
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'market-sim-'))
  const removeData = () => fs.rmSync(dir, { recursive: true, force: true })
  try {
    const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' })
    const server = await startServer({ config })
    const url = server.url.replace(/\/+$/, '')
    const seller = await sellerFixture(url)
    // The notices suite's: organisations, publishers (the sandbox's users by name), live notices.
    const sandbox = server.sandbox
    if (process.env.MARKET_SIM_NOTICES === '1') await seedNotices({ db: server.db.kysely, now: Date.now, openidOf: sandbox ? (name) => sandbox.openidOf(name) : undefined })
    return { ready: { url, seller }, shutdown: () => server.shutdown().finally(removeData) }
  } catch (error) {
    removeData()
    throw error
  }
})
