import type { Kysely } from 'kysely'
import { CONSULT_MODE_WORDS, shanghaiDate, type ConsultMode } from '@tianyuan/contracts'
import { APP_NAMES, type AppName } from '@tianyuan/contracts/subscribe-rules'
import { outstanding, type LoanState } from '@tianyuan/loans'
import type { Database } from '../../platform/db'
import type { Logger } from '../../platform/logging'
import { PermanentJobFailure, type Scheduler, type ScheduledJobContext } from '../../platform/scheduler'
import { clinicDb } from '../clinic/schema'
import { classroomExtrasDb } from '../classroom/extras-schema'
import { classroomDb } from '../classroom/schema'
import { loansDb } from '../loans/schema'
import { marketDb } from '../market/schema'
import { noticesDb } from '../notices/schema'
import type { SendReminderInput, SubscriptionsService } from '../subscriptions'
import { fitCharacterString, fitName, fitThing, wechatAmount, wechatDate, wechatTime, wechatTimeSpan } from './format'
import { REMINDER_JOBS } from './schedule'
import { remindersDb } from './schema'
import { sendOnce, type SendCrashPoint } from './send-once'

// What each reminder job does when it runs: read the thing it is about as it is NOW (a cancelled
// appointment, a paid installment, a withdrawn notice is not reminded of), build the template's
// fields in WeChat's formats, and send once (send-once.ts). A retryable failure (WeChat busy or
// unreachable) throws, and the scheduler retries with backoff until the reminder's moment expires.

export interface ReminderDeps {
  db: Kysely<Database>
  now: () => number
  logger: Logger
  subscriptions: Pick<SubscriptionsService, 'sendReminder' | 'subscribersOf'>
  /** After this long a send still marked in progress belongs to a dead run (send-once.ts). */
  takeoverAfterMs: number
  /** Tests only: SIGKILL this process at a point of a send. */
  crashPoint?: (where: SendCrashPoint) => void
}

const str = (payload: Record<string, unknown>, name: string): string => {
  const value = payload[name]
  if (typeof value !== 'string' || value === '') throw new PermanentJobFailure(`payload.${name} missing`)
  return value
}

/** The tip on the clinic's card, by the way the consultation happens. */
const CLINIC_TIPS: Record<ConsultMode, string> = {
  text: '请提前打开小程序，等医生发来消息',
  phone: '请保持电话畅通，医生会打给您',
  video: '请提前打开小程序，准备好视频',
}

/** Registers the handler of every reminder kind on `scheduler` (once per scheduler). */
export function registerReminderHandlers(scheduler: Scheduler, deps: ReminderDeps): void {
  const { logger } = deps
  const sends = {
    db: remindersDb(deps.db),
    now: deps.now,
    logger,
    send: (input: SendReminderInput) => deps.subscriptions.sendReminder(input),
    takeoverAfterMs: deps.takeoverAfterMs,
    crashPoint: deps.crashPoint,
  }

  /** Sends, logs the outcome; `invalid` (our data broke WeChat's field rules) fails the job for good, visibly. */
  const send = async (job: ScheduledJobContext, input: SendReminderInput) => {
    const result = await sendOnce(sends, job, input)
    logger.info({ kind: job.kind, key: job.key, outcome: result.outcome, already: result.already === true }, 'reminder: send finished')
    if (result.outcome === 'invalid' && !result.already) throw new PermanentJobFailure(`${job.kind}/${job.key}: the reminder's data broke WeChat's field rules (see subscribe_sends)`)
  }
  const skip = (job: ScheduledJobContext, why: string) => logger.debug({ kind: job.kind, key: job.key, why }, 'reminder: no longer due, not sent')

  // 乡村问诊: 1 hour before the slot, while the appointment is still 已预约 in that slot.
  scheduler.handle(REMINDER_JOBS.clinicAppointment, async (job) => {
    const appointmentId = str(job.payload, 'appointmentId')
    const a = await clinicDb(deps.db)
      .selectFrom('clinic_appointments as a')
      .innerJoin('clinic_slots as s', 's.id', 'a.slot_id')
      .innerJoin('clinic_doctors as d', 'd.id', 'a.doctor_id')
      .innerJoin('clinic_hospitals as h', 'h.id', 'd.hospital_id')
      .innerJoin('clinic_patients as p', 'p.id', 'a.patient_id')
      .select(['a.user_id', 'a.status', 'a.slot_id', 'a.mode', 's.starts_at', 's.ends_at', 'd.name as doctor_name', 'd.title as doctor_title', 'h.name as hospital_name', 'p.name as patient_name'])
      .where('a.id', '=', appointmentId)
      .executeTakeFirst()
    if (!a || a.status !== 'booked' || a.slot_id !== job.payload.slotId) return skip(job, a ? `appointment ${a.status}` : 'appointment gone')
    await send(job, {
      userId: a.user_id,
      app: 'clinic',
      key: 'clinic_appointment',
      page: `pkg/pages/appointment/index?id=${appointmentId}`,
      data: {
        name1: fitName(a.patient_name),
        thing2: fitThing(`${a.doctor_name} ${a.doctor_title}`),
        time3: wechatTimeSpan(Number(a.starts_at), Number(a.ends_at)),
        thing4: fitThing(`${CONSULT_MODE_WORDS[a.mode]}问诊·${a.hospital_name}`),
        thing5: CLINIC_TIPS[a.mode],
      },
    })
  })

  // 惠农小贷: 3 days before and on the due day, unless the installment is paid by then.
  scheduler.handle(REMINDER_JOBS.loanInstallment, async (job) => {
    const loanId = str(job.payload, 'loanId')
    const seq = Number(job.payload.seq)
    const loan = await loansDb(deps.db)
      .selectFrom('loans as l')
      .innerJoin('loan_products as p', 'p.id', 'l.product_id')
      .select(['l.user_id', 'l.status', 'l.state', 'p.name as product_name'])
      .where('l.id', '=', loanId)
      .executeTakeFirst()
    if (!loan?.state || loan.status !== 'repaying') return skip(job, loan ? `loan ${loan.status}` : 'loan gone')
    const state = JSON.parse(loan.state) as LoanState
    const installment = outstanding(state, shanghaiDate(deps.now())).installments.find((i) => i.n === seq)
    if (!installment || installment.settled || installment.owedFen <= 0) return skip(job, `installment ${seq} paid`)
    const due = job.payload.when === 'due'
    await send(job, {
      userId: loan.user_id,
      app: 'microloan',
      key: 'loan_installment',
      page: `pkg/pages/loan/index?id=${loanId}`,
      data: {
        thing1: fitThing(`${loan.product_name} 第${seq}期`),
        amount2: wechatAmount(installment.owedFen),
        date3: wechatDate(installment.dueDate),
        phrase4: due ? '今日到期' : '即将到期',
        thing5: due ? '今天是还款日，请在小程序里还款' : '请在到期日前还款，按时还款不产生罚息',
      },
    })
  })

  // 田园集市: the seller shipped.
  scheduler.handle(REMINDER_JOBS.marketShipped, async (job) => {
    const orderId = str(job.payload, 'orderId')
    const db = marketDb(deps.db)
    const order = await db.selectFrom('market_orders').select(['buyer_id', 'status', 'carrier', 'tracking_no', 'shipped_at']).where('id', '=', orderId).executeTakeFirst()
    if (!order || order.status !== 'shipped' || !order.carrier || !order.tracking_no || order.shipped_at === null) return skip(job, order ? `order ${order.status}` : 'order gone')
    const items = await db.selectFrom('market_order_items').select('title').where('order_id', '=', orderId).orderBy('product_id').execute()
    const first = items[0]?.title ?? '您的订单'
    await send(job, {
      userId: order.buyer_id,
      app: 'market',
      key: 'market_shipped',
      page: `pkg/pages/order/index?id=${orderId}`,
      data: {
        character_string1: fitCharacterString(orderId),
        thing2: items.length > 1 ? `${fitThing(first, 14)}等${items.length}件` : fitThing(first),
        thing3: fitThing(order.carrier),
        character_string4: fitCharacterString(order.tracking_no),
        time5: wechatTime(Number(order.shipped_at)),
      },
    })
  })

  // 田间课堂: the teacher answered.
  scheduler.handle(REMINDER_JOBS.classroomAnswered, async (job) => {
    const questionId = str(job.payload, 'questionId')
    const q = await classroomExtrasDb(classroomDb(deps.db))
      .selectFrom('classroom_questions as q')
      .innerJoin('classroom_courses as c', 'c.id', 'q.course_id')
      .innerJoin('classroom_teachers as t', 't.id', 'c.teacher_id')
      .select(['q.user_id', 'q.text', 'q.answered_at', 'q.course_id', 'c.title as course_title', 't.name as teacher_name'])
      .where('q.id', '=', questionId)
      .executeTakeFirst()
    if (!q || q.answered_at === null) return skip(job, q ? 'not answered' : 'question gone')
    await send(job, {
      userId: q.user_id,
      app: 'classroom',
      key: 'classroom_answered',
      page: `pkg/pages/questions/index?course=${q.course_id}`,
      data: {
        thing1: fitThing(q.course_title),
        thing2: fitThing(q.text),
        thing3: fitThing(`${q.teacher_name}老师`),
        time4: wechatTime(Number(q.answered_at)),
      },
    })
  })

  // 通知到人: an urgent notice → one job per subscriber of its topic, scheduled together with this
  // job's completion (markDoneIn): a fan-out run twice schedules nobody twice (same keys anyway).
  scheduler.handle(REMINDER_JOBS.urgentNotice, async (job) => {
    const noticeId = str(job.payload, 'noticeId')
    const notice = await noticesDb(deps.db).selectFrom('notices').select(['topic', 'expires_at', 'withdrawn_at']).where('id', '=', noticeId).executeTakeFirst()
    const now = deps.now()
    if (!notice || notice.withdrawn_at !== null || Number(notice.expires_at) <= now) return skip(job, 'notice withdrawn or expired')
    // One send per person: a villager subscribed from two apps is reminded from the first that has them.
    const appOf = new Map<string, AppName>()
    for (const app of APP_NAMES) {
      for (const userId of await deps.subscriptions.subscribersOf({ app, topic: notice.topic })) if (!appOf.has(userId)) appOf.set(userId, app)
    }
    await deps.db.transaction().execute(async (tx) => {
      for (const [userId, app] of appOf) {
        await scheduler.schedule(tx, {
          kind: REMINDER_JOBS.urgentNoticeUser,
          key: `${noticeId}:${userId}`,
          runAt: now,
          expiresAt: Number(notice.expires_at),
          payload: { noticeId, userId, app },
        })
      }
      await job.markDoneIn(tx)
    })
    logger.info({ noticeId, topic: notice.topic, subscribers: appOf.size }, 'reminder: urgent notice fanned out')
  })

  scheduler.handle(REMINDER_JOBS.urgentNoticeUser, async (job) => {
    const noticeId = str(job.payload, 'noticeId')
    const userId = str(job.payload, 'userId')
    const app = str(job.payload, 'app') as AppName
    const n = await noticesDb(deps.db)
      .selectFrom('notices as n')
      .innerJoin('notice_organisations as o', 'o.id', 'n.organisation_id')
      .select(['n.title', 'n.topic', 'n.created_at', 'n.expires_at', 'n.withdrawn_at', 'o.name as organisation'])
      .where('n.id', '=', noticeId)
      .executeTakeFirst()
    if (!n || n.withdrawn_at !== null || Number(n.expires_at) <= deps.now()) return skip(job, 'notice withdrawn or expired')
    await send(job, {
      userId,
      app,
      key: 'urgent_notice',
      page: `notices/pages/detail/index?id=${noticeId}`,
      data: {
        thing1: fitThing(n.title),
        thing2: fitThing(n.organisation),
        phrase3: n.topic,
        time4: wechatTime(Number(n.created_at)),
      },
    })
  })
}
