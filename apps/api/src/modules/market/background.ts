import type { Config } from '../../config'
import type { Db } from '../../platform/db'
import type { JobsRunner } from '../../platform/jobs'
import type { Scheduler } from '../../platform/scheduler'
import type { Logger } from '../../platform/logging'
import type { MediaStorage } from '../../platform/media/storage'
import { marketIsEmpty, seedMarket } from '../../seed/market'
import type { PaymentsService } from '../payments'
import { sweepMarketOrders } from './payable'
import { marketDb } from './schema'

/**
 * What the market needs besides requests, set up by openApi():
 * - on a development database's first start (no shop yet), the demo data (never in test or production);
 * - every minute, as a job of the API's jobs runner: sweepMarketOrders (payments/held.ts) — unpaid
 *   orders past their hold are cancelled and their stock put back (safe on several instances at
 *   once), and the refunds the market decided start (a cancelled order paid anyway, an approved
 *   after-sale WeChat did not take at once).
 */
export async function startMarketBackground(deps: {
  db: Db
  config: Config
  logger: Logger
  storage: MediaStorage
  now: () => number
  payments?: PaymentsService
  jobs: JobsRunner
  /** The durable scheduler (platform/scheduler): handlers for this module's one-off jobs are registered on it. */
  scheduler?: Scheduler
}): Promise<void> {
  const { config, logger, now } = deps
  const db = marketDb(deps.db.kysely)
  if (config.env === 'development') {
    try {
      if (await marketIsEmpty(deps.db.kysely)) {
        await seedMarket({ db: deps.db.kysely, storage: deps.storage, now, logger, maxBytes: config.mediaMaxBytes, maxPixels: config.mediaMaxPixels })
      }
    } catch (error) {
      logger.warn({ err: error }, 'market demo data not seeded')
    }
  }
  const market = { db, now, holdMs: config.marketHoldMs, paymentTimeoutMs: config.wechatPay.paymentTimeoutMs }
  deps.jobs.add({
    name: 'market.holds',
    everyMs: 60_000,
    run: async () => {
      // The payments module's held-then-paid lifecycle: expired holds released, due refunds started.
      const { released, refunds } = await sweepMarketOrders(deps.payments, market, logger, now())
      if (released || refunds) logger.info({ released, refunds }, 'market: unpaid orders cancelled, stock released; late payments refunded')
      return { released, refunds }
    },
  })
}
