import { CONSULT_MODE_WORDS } from '@tianyuan/contracts'
import type { Logger } from '../../platform/logging'
import { registerHeldPayable, startDueRefunds as startDue, sweepHeldPayable, type DueRefund, type HeldPayableKind, type PaymentsService } from '../payments'
import { holdForPayment, markAppointmentPaid, markAppointmentRefunded, releaseExpiredHolds, reviveOrRefundLatePayment } from './appointments'
import { clinicDb, type ClinicDb, type ClinicTables } from './schema'
import { scheduleAppointmentReminder } from '../reminders/schedule'
import type { ClinicDeps } from './shared'

/** The payments module's kind (named once, in @tianyuan/contracts/payments-rules). */
import { CLINIC_APPOINTMENT_KIND } from '@tianyuan/contracts/payments-rules'

export { CLINIC_APPOINTMENT_KIND }

/**
 * An appointment in the payments module's held-then-paid lifecycle (payments/held.ts):
 * - held: 待支付, its place taken until `hold_expires_at`; the amount is the fee recorded at
 *   booking (the doctor's fee for the mode, from our record);
 * - paid: 待支付 → 已预约 exactly once; paid after a cancel → revived if the place is still there,
 *   else it stays cancelled with a full refund due;
 * - refunds the clinic decides: a cancellation under the 2-hour rule (`refund_fen` recorded on the
 *   appointment at cancel time); 已取消 → 已退款 when WeChat confirms.
 */
export function clinicAppointmentKind(deps: ClinicDeps): HeldPayableKind {
  return {
    kind: CLINIC_APPOINTMENT_KIND,
    async read(db, orderId, userId) {
      const a = await clinicDb(db)
        .selectFrom('clinic_appointments as a')
        .innerJoin('clinic_doctors as d', 'd.id', 'a.doctor_id')
        .select(['a.status', 'a.fee_fen', 'a.hold_expires_at', 'a.mode', 'd.name as doctor_name'])
        .where('a.id', '=', orderId)
        .where('a.user_id', '=', userId)
        .executeTakeFirst()
      if (!a) return null
      const state = a.status === 'pending_payment' ? 'held' : a.status === 'cancelled' || a.status === 'refunded' ? 'cancelled' : 'paid'
      return { state, amountFen: Number(a.fee_fen), description: `乡村问诊-${a.doctor_name}-${CONSULT_MODE_WORDS[a.mode]}问诊`, holdExpiresAt: Number(a.hold_expires_at) }
    },
    extendHold: (db, orderId, until) => holdForPayment(clinicDb(db), orderId, until),
    // 已预约 (paid, or revived by a late payment): the reminder 1 hour before is scheduled in the same transaction.
    markPaid: async (tx, orderId, paid) => {
      const won = await markAppointmentPaid(tx.withTables<ClinicTables>(), orderId, paid.paidAt)
      if (won) await scheduleAppointmentReminder(deps.scheduler, tx.withTables<ClinicTables>(), orderId)
      return won
    },
    reviveLatePayment: async (tx, orderId, paid) => {
      const revived = await reviveOrRefundLatePayment(tx.withTables<ClinicTables>(), orderId, paid.paidAt)
      if (revived) await scheduleAppointmentReminder(deps.scheduler, tx.withTables<ClinicTables>(), orderId)
      return revived
    },
    markRefunded: (tx, orderId, refund, at) => markAppointmentRefunded(tx.withTables<ClinicTables>(), orderId, at, refund.refundedFen),
    releaseExpiredHolds: (now) => releaseExpiredHolds(deps, now),
    dueRefunds: (options) => dueClinicRefunds(deps.db, options),
  }
}

/** Cancelled appointments owed a refund by the rule (`refund_fen > 0`) whose payment is still fully 'paid'. */
export async function dueClinicRefunds(db: ClinicDb, options: { orderId?: string; limit: number }): Promise<DueRefund[]> {
  let q = db
    .selectFrom('payments as p')
    .innerJoin('clinic_appointments as a', 'a.id', 'p.order_id')
    .select(['p.id', 'p.refunded_fen', 'a.id as appointment_id', 'a.refund_fen'])
    .where('p.kind', '=', CLINIC_APPOINTMENT_KIND)
    .where('p.status', '=', 'paid')
    .where('a.status', '=', 'cancelled')
    .where('a.refund_fen', '>', 0)
  if (options.orderId) q = q.where('a.id', '=', options.orderId)
  const rows = await q.limit(options.limit).execute()
  return rows.map((r) => ({ orderId: r.appointment_id, paymentId: r.id, amountFen: Number(r.refund_fen), refundedFen: Number(r.refunded_fen), reason: '取消问诊预约，诊费原路退回' }))
}

export function registerClinicPayable(payments: PaymentsService, deps: ClinicDeps, logger: Logger): void {
  registerHeldPayable(payments, clinicAppointmentKind(deps), { now: deps.now, paymentTimeoutMs: deps.paymentTimeoutMs, logger })
}

/**
 * Starts the refunds that are due (the cancel route calls it at once for its appointment; the
 * sweep every minute for the rest — a refund WeChat refused, money that arrived after a cancel).
 * Safe to repeat: each decision is carried out once. Returns how many refunds were started.
 */
export async function startDueRefunds(payments: PaymentsService, db: ClinicDb, logger: Logger, options: { appointmentId?: string; limit?: number } = {}): Promise<number> {
  return startDue(payments, await dueClinicRefunds(db, { orderId: options.appointmentId, limit: options.limit ?? 50 }), logger, CLINIC_APPOINTMENT_KIND)
}

/** The clinic's periodic sweep (its background job, every minute): expired holds released, due refunds started. */
export function sweepClinicAppointments(payments: PaymentsService | undefined, deps: ClinicDeps, logger: Logger, now: number): Promise<{ released: number; refunds: number }> {
  return sweepHeldPayable(payments, clinicAppointmentKind(deps), now, logger)
}
