import type { Config } from '../../config'
import type { Db } from '../../platform/db'
import type { JobsRunner } from '../../platform/jobs'
import type { Scheduler } from '../../platform/scheduler'
import type { Logger } from '../../platform/logging'
import type { MediaStorage } from '../../platform/media/storage'
import { seedClassroom } from '../../seed/classroom'
import { seedLessonMediaInBackground } from '../../seed/lesson-media'
import type { LessonMediaService } from '../lesson-media'
import type { PaymentsService } from '../payments'
import { sweepClassroomPurchases } from './payable'
import { classroomDb } from './schema'

/**
 * What the classroom needs besides requests, set up by openApi() (the periodic parts as jobs of the
 * API's jobs runner):
 * - in development (never in test or production), the demo teachers, courses and lessons, and —
 *   through lesson-media's seed — each video and audio lesson's generated media (in the background:
 *   the API listens at once, those lessons show 正在处理 until their editions are ready);
 * - every minute, sweepClassroomPurchases (payments/held.ts): unpaid purchases past their hold
 *   cancelled, and money for a purchase that could not stand refunded.
 */
export async function startClassroomBackground(deps: {
  db: Db
  config: Config
  logger: Logger
  storage: MediaStorage
  now: () => number
  payments?: PaymentsService
  lessonMedia?: LessonMediaService
  /** The sandbox's openid for a test user: seeded teachers log in to the preview by name. */
  openidOf?: (name: string) => string
  jobs: JobsRunner
  /** The durable scheduler (platform/scheduler): handlers for this module's one-off jobs are registered on it. */
  scheduler?: Scheduler
}): Promise<void> {
  const { config, logger, now } = deps
  if (config.env === 'development') {
    try {
      const seeded = await seedClassroom({ db: deps.db.kysely, storage: deps.storage, now, logger, maxBytes: config.mediaMaxBytes, maxPixels: config.mediaMaxPixels, openidOf: deps.openidOf })
      if (deps.lessonMedia) void seedLessonMediaInBackground(deps.lessonMedia, seeded.media, { logger })
    } catch (error) {
      logger.warn({ err: error }, 'classroom demo data not seeded')
    }
  }
  const classroom = { db: classroomDb(deps.db.kysely), now, holdMs: config.classroom.purchaseHoldMs, paymentTimeoutMs: config.wechatPay.paymentTimeoutMs, lessonMedia: deps.lessonMedia ?? null }
  deps.jobs.add({
    name: 'classroom.purchases',
    everyMs: 60_000,
    run: async () => {
      const { released, refunds } = await sweepClassroomPurchases(deps.payments, classroom, logger, now())
      if (released || refunds) logger.info({ released, refunds }, 'classroom: unpaid purchases released; refunds started')
      return { released, refunds }
    },
  })
}
