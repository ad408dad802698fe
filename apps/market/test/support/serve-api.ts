// Runs the real API for a simulator suite, in its own Node process: the sim's Jest environment
// is jsdom (timers return numbers, no unref; ES-module-only thumbhash is not transformed), which
// the server is not written for. Temp SQLite (NODE_ENV=test: no demo data), the WeChat sandbox
// mounted at /wechat-sandbox, a seller's shop and products made through the seller endpoints.
// Prints one JSON line { url, seller } when ready; SIGTERM shuts it down and removes the data.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sellerFixture } from './seller-fixture'

/** What this script uses of @tianyuan/api. */
interface ApiModule {
  loadConfig(env: Record<string, string>): unknown
  startServer(options: { config: unknown }): Promise<{ url: string; shutdown(): Promise<void> }>
}

// Loaded by name at run time, so that typechecking the app's tests does not typecheck the API's
// sources under the app's compiler settings (they differ: the API is checked by its own tsconfig).
const API_MODULE = '@tianyuan/api'

async function main() {
  const { loadConfig, startServer } = (await import(API_MODULE)) as ApiModule
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'market-sim-'))
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' })
  const server = await startServer({ config })
  const url = server.url.replace(/\/+$/, '')
  const seller = await sellerFixture(url)
  process.stdout.write(`${JSON.stringify({ url, seller })}\n`)
  process.on('SIGTERM', () => {
    void server.shutdown().finally(() => {
      fs.rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    })
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`)
  process.exit(1)
})
