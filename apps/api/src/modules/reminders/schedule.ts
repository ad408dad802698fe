import type { Kysely } from 'kysely'
import type { Scheduler } from '../../platform/scheduler'
import type { ClinicDatabase } from '../clinic/schema'

// The hooks other modules call, inside the transaction that makes a reminder due (or no longer
// due): the scheduler's schedule/cancel join that transaction, so a rolled-back booking leaves no
// reminder and a committed cancel leaves no reminder behind. Nothing here reads another module's
// code, only its tables' types, so clinic, loans, market and classroom can import it freely.

/** The scheduler job kinds this module handles (handlers.ts). */
export const REMINDER_JOBS = {
  clinicAppointment: 'reminders.clinic-appointment',
  loanInstallment: 'reminders.loan-installment',
  marketShipped: 'reminders.market-shipped',
  classroomAnswered: 'reminders.classroom-answered',
  /** Scheduled by the notices module when an urgent notice is published (key = notice id). */
  urgentNotice: 'reminders.urgent-notice',
  /** One per subscriber of an urgent notice's topic (key = noticeId:userId), from the fan-out. */
  urgentNoticeUser: 'reminders.urgent-notice-user',
} as const

/** What a hook needs of the scheduler. Null or absent (a bare createApp in some tests): no reminder is scheduled. */
export type ReminderScheduler = Pick<Scheduler, 'schedule' | 'cancel'>

const HOUR = 3600_000
const DAY = 24 * HOUR
/** The clinic's reminder: this long before the slot starts. */
export const APPOINTMENT_REMINDER_BEFORE_MS = HOUR
/** Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * HOUR

/** Epoch ms of `hour`:00 Shanghai time on a Shanghai calendar day (YYYY-MM-DD). */
export function shanghaiAt(localDate: string, hour: number): number {
  return Date.parse(`${localDate}T00:00:00Z`) - SHANGHAI_OFFSET_MS + hour * HOUR
}

// ---------------------------------------------------------------- 乡村问诊

/** One key per (appointment, slot): a reschedule cancels one and schedules another. */
const appointmentKey = (appointmentId: string, slotId: string) => `${appointmentId}:${slotId}`

/**
 * The appointment became 已预约 (paid, revived, or moved to another slot): remind the patient 1 hour
 * before its slot starts, and never after the slot has started (expiresAt). Reads the appointment
 * in `db` (the caller's transaction) to see the slot it is in now.
 */
export async function scheduleAppointmentReminder(scheduler: ReminderScheduler | null | undefined, db: Kysely<ClinicDatabase>, appointmentId: string): Promise<void> {
  if (!scheduler) return
  const row = await db
    .selectFrom('clinic_appointments as a')
    .innerJoin('clinic_slots as s', 's.id', 'a.slot_id')
    .select(['a.slot_id', 'a.status', 's.starts_at'])
    .where('a.id', '=', appointmentId)
    .executeTakeFirst()
  if (!row || row.status !== 'booked') return
  const startsAt = Number(row.starts_at)
  await scheduler.schedule(db, {
    kind: REMINDER_JOBS.clinicAppointment,
    key: appointmentKey(appointmentId, row.slot_id),
    runAt: startsAt - APPOINTMENT_REMINDER_BEFORE_MS,
    expiresAt: startsAt,
    payload: { appointmentId, slotId: row.slot_id },
  })
}

/** The appointment was cancelled, or left `slotId` for another slot: its reminder for that slot is dropped. */
export async function cancelAppointmentReminder(scheduler: ReminderScheduler | null | undefined, db: Kysely<ClinicDatabase>, appointmentId: string, slotId: string): Promise<void> {
  if (!scheduler) return
  await scheduler.cancel(db, REMINDER_JOBS.clinicAppointment, appointmentKey(appointmentId, slotId))
}

// ---------------------------------------------------------------- 惠农小贷

/** 3 days before the due date at 09:00, and on the due date at 08:00 (Shanghai). */
export const INSTALLMENT_REMINDERS = [
  { when: 'before', daysBefore: 3, hour: 9 },
  { when: 'due', daysBefore: 0, hour: 8 },
] as const

/**
 * The loan was disbursed (还款中): two reminders per installment, each useful until the end of its
 * due day. Whether the installment is still owed is checked when the reminder runs (handlers.ts),
 * so an installment paid early is simply not reminded of.
 */
export async function scheduleInstallmentReminders<DB>(
  scheduler: ReminderScheduler | null | undefined,
  db: Kysely<DB>,
  loanId: string,
  installments: readonly { n: number; dueDate: string }[],
): Promise<void> {
  if (!scheduler) return
  for (const installment of installments) {
    const endOfDueDay = shanghaiAt(installment.dueDate, 24)
    for (const r of INSTALLMENT_REMINDERS) {
      await scheduler.schedule(db, {
        kind: REMINDER_JOBS.loanInstallment,
        key: `${loanId}:${installment.n}:${r.when}`,
        runAt: shanghaiAt(installment.dueDate, r.hour) - r.daysBefore * DAY,
        expiresAt: endOfDueDay,
        payload: { loanId, seq: installment.n, when: r.when },
      })
    }
  }
}

// ---------------------------------------------------------------- 田园集市, 田间课堂

/** The seller shipped the order: tell the buyer now (once per order: a re-ship does not send another). */
export async function scheduleShippedReminder<DB>(scheduler: ReminderScheduler | null | undefined, db: Kysely<DB>, orderId: string, at: number): Promise<void> {
  if (!scheduler) return
  await scheduler.schedule(db, { kind: REMINDER_JOBS.marketShipped, key: orderId, runAt: at, payload: { orderId } })
}

/** The teacher answered the question: tell the learner now (once per question: a changed answer does not send another). */
export async function scheduleAnsweredReminder<DB>(scheduler: ReminderScheduler | null | undefined, db: Kysely<DB>, questionId: string, at: number): Promise<void> {
  if (!scheduler) return
  await scheduler.schedule(db, { kind: REMINDER_JOBS.classroomAnswered, key: questionId, runAt: at, payload: { questionId } })
}
