import type { PaymentsService, PayableResolver } from '../payments'
import type { Logger } from '../../platform/logging'
import { holdForPayment, markAppointmentPaid, markAppointmentRefunded, reviveOrRefundLatePayment } from './appointments'
import { clinicDb, type ClinicDb, type ClinicTables } from './schema'
import type { ClinicDeps } from './shared'
import { CONSULT_MODE_WORDS } from '@tianyuan/contracts'

/** The payments module's kind for a consultation fee. */
export const CLINIC_APPOINTMENT_KIND = 'clinic_appointment'

/** A payment may still succeed this long after its own timeout (clock skew, a late notification). */
const PAYMENT_GRACE_MS = 2 * 60_000

/**
 * How the payments module reads and settles an appointment:
 * - load: the account's own appointment; the amount is the fee recorded at booking (the doctor's
 *   fee for the mode, from our record). A payable one has its hold stretched to outlive the payment;
 * - onPaid: 待支付 → 已预约 exactly once; paid after a cancel → revived if the place is still there,
 *   else a full refund is marked due;
 * - onRefunded: 已取消 → 已退款.
 */
export function clinicPayable(deps: ClinicDeps, logger: Logger): PayableResolver {
  return {
    async load(orderId, userId, db) {
      const cdb = clinicDb(db)
      const a = await cdb
        .selectFrom('clinic_appointments as a')
        .innerJoin('clinic_doctors as d', 'd.id', 'a.doctor_id')
        .select(['a.status', 'a.fee_fen', 'a.hold_expires_at', 'a.mode', 'd.name as doctor_name'])
        .where('a.id', '=', orderId)
        .where('a.user_id', '=', userId)
        .executeTakeFirst()
      if (!a) return null
      const amountFen = Number(a.fee_fen)
      const description = `乡村问诊-${a.doctor_name}-${CONSULT_MODE_WORDS[a.mode]}问诊`
      if (a.status === 'cancelled' || a.status === 'refunded') return { amountFen, description, status: 'cancelled' }
      if (a.status !== 'pending_payment') return { amountFen, description, status: 'paid' }
      const now = deps.now()
      if (Number(a.hold_expires_at) <= now) return { amountFen, description, status: 'cancelled' }
      await holdForPayment(cdb, orderId, now + deps.paymentTimeoutMs + PAYMENT_GRACE_MS)
      return { amountFen, description, status: 'unpaid' }
    },
    async onPaid(orderId, tx, paid) {
      const db = tx.withTables<ClinicTables>()
      if (await markAppointmentPaid(db, orderId, paid.paidAt)) return
      if (await reviveOrRefundLatePayment(db, orderId, paid.paidAt)) {
        logger.info({ appointmentId: orderId, paymentId: paid.paymentId }, 'clinic appointment paid after it was cancelled: revived')
        return
      }
      logger.warn({ appointmentId: orderId, paymentId: paid.paymentId }, 'clinic appointment paid but not awaiting payment')
    },
    async onRefunded(orderId, tx, refund) {
      const moved = await markAppointmentRefunded(tx.withTables<ClinicTables>(), orderId, deps.now(), refund.refundedFen)
      if (!moved) logger.info({ appointmentId: orderId, refundId: refund.refundId }, 'clinic refund for an appointment not cancelled')
    },
  }
}

export function registerClinicPayable(payments: PaymentsService, deps: ClinicDeps, logger: Logger): void {
  if (!payments.hasPayable(CLINIC_APPOINTMENT_KIND)) payments.registerPayable(CLINIC_APPOINTMENT_KIND, clinicPayable(deps, logger))
}

/**
 * Starts the refunds that are due: cancelled appointments with `refund_fen > 0` whose payment is
 * still fully 'paid' (the cancel route calls it at once for its appointment; housekeeping every
 * minute for the rest — a refund WeChat could not take, money that arrived after a cancel). Safe
 * to repeat: a payment with a refund in progress is no longer 'paid', and the payments module
 * never refunds more than was paid. Returns how many refunds were started.
 */
export async function startDueRefunds(payments: PaymentsService, db: ClinicDb, logger: Logger, options: { appointmentId?: string; limit?: number } = {}): Promise<number> {
  let q = db
    .selectFrom('payments as p')
    .innerJoin('clinic_appointments as a', 'a.id', 'p.order_id')
    .select(['p.id', 'a.id as appointment_id', 'a.refund_fen'])
    .where('p.kind', '=', CLINIC_APPOINTMENT_KIND)
    .where('p.status', '=', 'paid')
    .where('a.status', '=', 'cancelled')
    .where('a.refund_fen', '>', 0)
  if (options.appointmentId) q = q.where('a.id', '=', options.appointmentId)
  const rows = await q.limit(options.limit ?? 50).execute()
  let started = 0
  for (const row of rows) {
    try {
      await payments.refundPayment(row.id, Number(row.refund_fen), '取消问诊预约，诊费原路退回')
      started++
    } catch (error) {
      logger.warn({ err: error, appointmentId: row.appointment_id, paymentId: row.id }, 'clinic refund did not start')
    }
  }
  return started
}
