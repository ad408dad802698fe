import type { Config } from '../../config'
import type { Db } from '../../platform/db'
import type { JobsRunner } from '../../platform/jobs'
import type { Logger } from '../../platform/logging'
import { seedNotices } from '../../seed/notices'
import { dropSpentMarks } from './opened'
import { noticesDb } from './schema'

/**
 * What 通知到人 needs besides requests, set up by openApi():
 * - in development (never in test or production), the organisations, the demo publisher and
 *   current notices of every topic — topped up every hour, so the preview always has live ones;
 * - every 10 minutes, as a job of the API's jobs runner: the open marks and salts of notices that
 *   expired or were withdrawn are deleted (only the counts stay; opened.ts says why).
 */
export async function startNoticesBackground(deps: {
  db: Db
  config: Config
  logger: Logger
  now: () => number
  jobs: JobsRunner
  /** The sandbox's openid for a test user: the demo publisher logs in to the preview by name. */
  openidOf?: (name: string) => string
}): Promise<void> {
  const { config, logger, now } = deps
  if (config.env === 'development') {
    const seed = () => seedNotices({ db: deps.db.kysely, now, logger, openidOf: deps.openidOf })
    try {
      await seed()
    } catch (error) {
      logger.warn({ err: error }, 'notices demo data not seeded')
    }
    deps.jobs.add({ name: 'notices.demo', everyMs: 3600_000, run: seed })
  }
  deps.jobs.add({
    name: 'notices.open-marks',
    everyMs: 10 * 60_000,
    run: async () => {
      const dropped = await dropSpentMarks({ db: noticesDb(deps.db.kysely), now })
      if (dropped.notices || dropped.marks) logger.info(dropped, 'notices: open marks of expired or withdrawn notices deleted')
      return dropped
    },
  })
}
