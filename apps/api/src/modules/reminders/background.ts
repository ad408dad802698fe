import type { Config } from '../../config'
import type { Db } from '../../platform/db'
import type { Logger } from '../../platform/logging'
import type { Scheduler } from '../../platform/scheduler'
import type { SubscriptionsService } from '../subscriptions'
import { registerReminderHandlers } from './handlers'
import type { SendCrashPoint } from './send-once'

/**
 * The reminders' part of openApi(): the handlers of every reminder kind on the API's scheduler
 * (which claims due jobs once across instances and polls once the modules are set up). The jobs
 * themselves are scheduled by the modules, in the transactions that make them due (schedule.ts).
 */
export function startRemindersBackground(deps: {
  db: Db
  config: Config
  logger: Logger
  now: () => number
  scheduler: Scheduler
  subscriptions: Pick<SubscriptionsService, 'sendReminder' | 'subscribersOf'>
}): void {
  const { config } = deps
  registerReminderHandlers(deps.scheduler, {
    db: deps.db.kysely,
    now: deps.now,
    logger: deps.logger,
    subscriptions: deps.subscriptions,
    // Longer than a send can take: an access token and the send, each up to WeChat's timeout.
    takeoverAfterMs: Math.max(60_000, 3 * config.wechat.timeoutMs),
    crashPoint: testCrashPoint(config),
  })
}

/**
 * Tests only (NODE_ENV=test and TIANYUAN_TEST_CRASH_IN_REMINDER_SEND=before-wechat|after-wechat):
 * SIGKILL this process at that point of a reminder's send, as a crash would (reminders-crash.test.ts).
 */
function testCrashPoint(config: Config): ((where: SendCrashPoint) => void) | undefined {
  const at = process.env.TIANYUAN_TEST_CRASH_IN_REMINDER_SEND
  if (config.env !== 'test' || (at !== 'before-wechat' && at !== 'after-wechat')) return undefined
  return (where) => {
    if (where === at) process.kill(process.pid, 'SIGKILL')
  }
}
