import type { Config } from '../../config'
import type { Db } from '../../platform/db'
import type { JobsRunner } from '../../platform/jobs'
import type { Scheduler } from '../../platform/scheduler'
import type { Logger } from '../../platform/logging'
import { seedLoans } from '../../seed/loans'
import type { PaymentsService } from '../payments'
import { sweepLoanRepayments } from './payable'
import { loansDb } from './schema'

/**
 * What the loans need besides requests, set up by openApi() (the periodic part as a job of the
 * API's jobs runner):
 * - in development (never in test or production), the demo products and the demo officer;
 * - every minute, sweepLoanRepayments (payments/held.ts): repayments past their hold cancelled,
 *   and the refunds of money paid twice started (safe on several instances at once).
 * 逾期 needs no job: it is computed from the schedule on every read.
 */
export async function startLoansBackground(deps: {
  db: Db
  config: Config
  logger: Logger
  now: () => number
  payments?: PaymentsService
  openidOf?: (name: string) => string
  jobs: JobsRunner
  /** The durable scheduler (platform/scheduler): handlers for this module's one-off jobs are registered on it. */
  scheduler?: Scheduler
}): Promise<void> {
  const { config, logger, now } = deps
  if (config.env === 'development') {
    try {
      await seedLoans({ db: deps.db.kysely, now, settings: config.loans, logger, openidOf: deps.openidOf })
    } catch (error) {
      logger.warn({ err: error }, 'loans demo data not seeded')
    }
  }
  const loans = { db: loansDb(deps.db.kysely), now }
  deps.jobs.add({
    name: 'loans.repayments',
    everyMs: 60_000,
    run: async () => {
      const { released, refunds } = await sweepLoanRepayments(deps.payments, loans, logger, now())
      if (released || refunds) logger.info({ released, refunds }, 'loans: unpaid repayments released; refunds started')
      return { released, refunds }
    },
  })
}
