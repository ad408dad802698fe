import type { Config } from '../../config'
import type { Db } from '../../platform/db'
import type { JobsRunner } from '../../platform/jobs'
import type { Scheduler } from '../../platform/scheduler'
import type { Logger } from '../../platform/logging'
import type { MediaStorage } from '../../platform/media/storage'
import { seedClinic } from '../../seed/clinic'
import type { PaymentsService } from '../payments'
import { sweepClinicAppointments } from './payable'
import { clinicDb } from './schema'

/**
 * What the clinic needs besides requests, set up by openApi() (the periodic parts as jobs of the
 * API's jobs runner):
 * - in development (never in test or production), the demo doctors and a week of slots, topped up
 *   at start and every hour so the preview always has the coming 7 days;
 * - every minute, sweepClinicAppointments (payments/held.ts): unpaid bookings past their hold
 *   cancelled, places released (safe on several instances at once), and the refunds a cancel is
 *   owed that have not started (WeChat refused it, or money arrived after the cancel).
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
  jobs: JobsRunner
  /** The durable scheduler (platform/scheduler): handlers for this module's one-off jobs are registered on it. */
  scheduler?: Scheduler
}): Promise<void> {
  const { config, logger, now } = deps
  const db = clinicDb(deps.db.kysely)
  const seed = () =>
    seedClinic({ db: deps.db.kysely, storage: deps.storage, now, logger, maxBytes: config.mediaMaxBytes, maxPixels: config.mediaMaxPixels, openidOf: deps.openidOf })
  if (config.env === 'development') {
    try {
      await seed()
    } catch (error) {
      logger.warn({ err: error }, 'clinic demo data not seeded')
    }
    deps.jobs.add({ name: 'clinic.demo-slots', everyMs: 3600_000, run: seed })
  }
  const clinic = { db, now, holdMs: config.clinicHoldMs, paymentTimeoutMs: config.wechatPay.paymentTimeoutMs }
  deps.jobs.add({
    name: 'clinic.holds',
    everyMs: 60_000,
    run: async () => {
      // The payments module's held-then-paid lifecycle: expired holds released, due refunds started.
      const { released, refunds } = await sweepClinicAppointments(deps.payments, clinic, logger, now())
      if (released || refunds) logger.info({ released, refunds }, 'clinic: unpaid bookings released; refunds started')
      return { released, refunds }
    },
  })
}
