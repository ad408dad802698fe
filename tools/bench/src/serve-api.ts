// Child process for the throughput benchmark: the API as its own process (as in production, so
// autocannon does not share its event loop), on the DATA_DIR/DATABASE_URL it is given, with the
// market demo data; writes one JSON line {"url": …} to fd 3 once listening (stdout carries the
// request logs, to /dev/null as in the API's own bench), stops on SIGTERM.
import fs from 'node:fs'
import { createDiskStorage, loadConfig, startServer } from '@tianyuan/api'
import { seedMarket } from '../../../apps/api/src/seed/market'

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' })
  const server = await startServer({ config, handleSignals: true })
  await seedMarket({ db: server.db.kysely, storage: createDiskStorage(config.mediaDir), now: Date.now, maxBytes: config.mediaMaxBytes, maxPixels: config.mediaMaxPixels })
  fs.writeSync(3, `${JSON.stringify({ url: server.url })}\n`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
