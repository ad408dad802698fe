import type { Config } from '../../config'
import type { Db } from '../../platform/db'
import type { Logger } from '../../platform/logging'
import type { MediaStorage } from '../../platform/media/storage'
import { seedClinic } from '../../seed/clinic'
import type { PaymentsService } from '../payments'
import { releaseExpiredHolds } from './appointments'
import { startDueRefunds } from './payable'
import { clinicDb } from './schema'

export interface ClinicBackground {
  stop(): void
}

/**
 * What the clinic needs besides requests, started by openApi():
 * - in development (never in test or production), the demo doctors and a week of slots, topped up
 *   at start and every hour so the preview always has the coming 7 days;
 * - every minute, releaseExpiredHolds (unpaid bookings past their hold cancelled, places released —
 *   safe on several instances at once) and startDueRefunds (refunds a cancel is owed that have
 *   not started: WeChat was unreachable, or money arrived after the cancel).
 */
export async function startClinicBackground(deps: {
  db: Db
  config: Config
  logger: Logger
  storage: MediaStorage
  now: () => number
  payments?: PaymentsService
  /** The sandbox's openid for a test user: seeded doctors log in to the preview by name. */
  openidOf?: (name: string) => string
}): Promise<ClinicBackground> {
  const { config, logger, now } = deps
  const db = clinicDb(deps.db.kysely)
  const seed = async () => {
    try {
      await seedClinic({ db: deps.db.kysely, storage: deps.storage, now, logger, maxBytes: config.mediaMaxBytes, maxPixels: config.mediaMaxPixels, openidOf: deps.openidOf })
    } catch (error) {
      logger.warn({ err: error }, 'clinic demo data not seeded')
    }
  }
  const timers: NodeJS.Timeout[] = []
  if (config.env === 'development') {
    await seed()
    timers.push(setInterval(() => void seed(), 3600_000))
  }
  const clinic = { db, now, holdMs: config.clinicHoldMs, paymentTimeoutMs: config.wechatPay.paymentTimeoutMs }
  timers.push(
    setInterval(() => {
      Promise.all([releaseExpiredHolds(clinic, now()), deps.payments ? startDueRefunds(deps.payments, db, logger) : 0]).then(
        ([released, refunds]) => {
          if (released || refunds) logger.info({ released, refunds }, 'clinic: unpaid bookings released; refunds started')
        },
        (error: unknown) => logger.warn({ err: error }, 'clinic housekeeping failed'),
      )
    }, 60_000),
  )
  for (const t of timers) t.unref()
  return { stop: () => timers.forEach((t) => clearInterval(t)) }
}
