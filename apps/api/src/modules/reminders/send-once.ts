import { newId } from '../../platform/ids'
import type { Logger } from '../../platform/logging'
import { subscriptionsDb, type SendReminderInput, type SendReminderResult } from '../subscriptions'
import type { RemindersDb } from './schema'

/**
 * Sending a reminder at most once per job, although the scheduler runs a job AT LEAST once (a run
 * whose instance died is run again once its lease has run out; see apps/api/README § Reminders).
 *
 *   1. claim the job's row in reminder_sends (insert-if-absent on (kind, key), state 'sending');
 *   2. call WeChat (sendReminder, which records the outcome in subscribe_sends);
 *   3. finish the row ('done' + outcome) — only the run holding the row's token may.
 *
 * A run that finds the row:
 *   - done → nothing to do (the reminder went, or WeChat's final answer is known);
 *   - retry → WeChat said "busy" last time (nothing was delivered): it takes the row and sends;
 *   - sending, recently → another run is sending right now: it throws, and the scheduler retries
 *     later (by then the row is done);
 *   - sending, for longer than any send can take → its runner died mid-send. If subscribe_sends has
 *     the send's outcome (the runner died after WeChat answered and the answer was recorded) the row
 *     is finished with it and nothing is sent. Otherwise it cannot be known whether WeChat got the
 *     first request — WeChat's send API has no idempotency key — and the reminder is sent again:
 *     a villager would rather see a reminder twice than miss an appointment or a repayment, and a
 *     second send mostly cannot even arrive (a one-time subscription allows one message; WeChat
 *     answers 43101 to the second).
 */

export type SendCrashPoint = 'before-wechat' | 'after-wechat'

export interface SendOnceDeps {
  db: RemindersDb
  now: () => number
  logger: Logger
  send(input: SendReminderInput): Promise<SendReminderResult>
  /** After this long a row still 'sending' belongs to a dead run (longer than a send can take: WeChat's timeout for the token and the send). */
  takeoverAfterMs: number
  /** Tests only (NODE_ENV=test): where to SIGKILL this process mid-send (background.ts). */
  crashPoint?: (where: SendCrashPoint) => void
}

/** Another run is sending this reminder right now: the scheduler retries the job later (an ordinary retryable failure). */
export class ReminderBeingSent extends Error {
  override name = 'ReminderBeingSent'
}

export type SendOnceResult = SendReminderResult & { already?: boolean }

const FINAL_OUTCOMES = ['sent', 'no_subscription', 'invalid', 'no_openid', 'failed'] as const

export async function sendOnce(deps: SendOnceDeps, job: { kind: string; key: string }, input: SendReminderInput): Promise<SendOnceResult> {
  const { db } = deps
  const token = newId()
  const t = deps.now()
  const inserted = await db
    .insertInto('reminder_sends')
    .values({ kind: job.kind, key: job.key, user_id: input.userId, state: 'sending', token, started_at: t, tries: 1, outcome: null, errcode: null, taken_over: 0, finished_at: null })
    .onConflict((oc) => oc.columns(['kind', 'key']).doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
    const row = await db.selectFrom('reminder_sends').selectAll().where('kind', '=', job.kind).where('key', '=', job.key).executeTakeFirstOrThrow()
    if (row.state === 'done') return { outcome: (row.outcome ?? 'failed') as SendReminderResult['outcome'], already: true }
    const startedAt = Number(row.started_at)
    const orphaned = row.state === 'sending' && t - startedAt >= deps.takeoverAfterMs
    if (row.state === 'sending' && !orphaned) throw new ReminderBeingSent(`${job.kind}/${job.key} is being sent by another run`)
    if (orphaned) {
      // The run holding it died. Did WeChat's answer get recorded before it did?
      const recorded = await subscriptionsDb(db)
        .selectFrom('subscribe_sends')
        .select(['outcome', 'errcode'])
        .where('user_id', '=', input.userId)
        .where('reminder_key', '=', input.key)
        .where('page', '=', input.page)
        .where('created_at', '>=', startedAt)
        .where('outcome', 'in', [...FINAL_OUTCOMES])
        .orderBy('created_at')
        .executeTakeFirst()
      if (recorded) {
        await db
          .updateTable('reminder_sends')
          .set({ state: 'done', outcome: recorded.outcome, errcode: recorded.errcode, taken_over: 1, finished_at: t })
          .where('kind', '=', job.kind)
          .where('key', '=', job.key)
          .where('token', '=', row.token)
          .execute()
        deps.logger.warn({ kind: job.kind, key: job.key, outcome: recorded.outcome }, 'reminder: the run that sent it died before finishing; its recorded outcome is kept, not sent again')
        return { outcome: recorded.outcome as SendReminderResult['outcome'], already: true }
      }
    }
    // Take the row over, on condition nobody else just did.
    const taken = await db
      .updateTable('reminder_sends')
      .set((eb) => ({ state: 'sending', token, started_at: t, tries: eb('tries', '+', 1), taken_over: orphaned ? 1 : row.taken_over }))
      .where('kind', '=', job.kind)
      .where('key', '=', job.key)
      .where('token', '=', row.token)
      .where('state', '=', row.state)
      .executeTakeFirst()
    if (Number(taken.numUpdatedRows) !== 1) throw new ReminderBeingSent(`${job.kind}/${job.key} was taken by another run`)
    if (orphaned) deps.logger.warn({ kind: job.kind, key: job.key }, 'reminder: the run sending it died mid-send with no answer recorded; sending again (a duplicate is better than a missed reminder)')
  }

  const finish = (set: { state: 'done' | 'retry'; outcome?: string | null; errcode?: number | null }) =>
    db
      .updateTable('reminder_sends')
      .set({ state: set.state, outcome: set.outcome ?? null, errcode: set.errcode ?? null, finished_at: set.state === 'done' ? deps.now() : null })
      .where('kind', '=', job.kind)
      .where('key', '=', job.key)
      .where('token', '=', token)
      .execute()

  deps.crashPoint?.('before-wechat')
  let result: SendReminderResult
  try {
    result = await deps.send(input)
  } catch (error) {
    // WeChat busy or unreachable (RetryableSendError), or our database failed: the next run sends.
    await finish({ state: 'retry' }).catch((e: unknown) => deps.logger.warn({ err: e, kind: job.kind, key: job.key }, 'reminder: could not mark the send for retry'))
    throw error
  }
  deps.crashPoint?.('after-wechat')
  await finish({ state: 'done', outcome: result.outcome, errcode: result.errcode ?? null })
  return result
}
