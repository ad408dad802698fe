import type { Config } from '../../config'
import type { Db } from '../../platform/db'
import type { Logger } from '../../platform/logging'
import type { MediaStorage } from '../../platform/media/storage'
import { marketIsEmpty, seedMarket } from '../../seed/market'
import type { PaymentsService } from '../payments'
import { releaseExpiredHolds } from './orders'
import { refundPaidCancelledOrders } from './payable'
import { marketDb } from './schema'

export interface MarketBackground {
  stop(): void
}

/**
 * What the market needs besides requests, started by openApi():
 * - on a development database's first start (no shop yet), the demo data (never in test or production);
 * - every minute, releaseExpiredHolds: unpaid orders past their hold are cancelled and their stock
 *   put back (safe on several instances at once); and refundPaidCancelledOrders: money that arrived
 *   for an order that stayed cancelled goes back.
 */
export async function startMarketBackground(deps: {
  db: Db
  config: Config
  logger: Logger
  storage: MediaStorage
  now: () => number
  payments?: PaymentsService
}): Promise<MarketBackground> {
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
  const holds = setInterval(() => {
    Promise.all([releaseExpiredHolds(market, now()), deps.payments ? refundPaidCancelledOrders(deps.payments, db, logger) : 0]).then(
      ([released, refunds]) => {
        if (released || refunds) logger.info({ released, refunds }, 'market: unpaid orders cancelled, stock released; late payments refunded')
      },
      (error: unknown) => logger.warn({ err: error }, 'market hold release failed'),
    )
  }, 60_000)
  holds.unref()
  return { stop: () => clearInterval(holds) }
}
