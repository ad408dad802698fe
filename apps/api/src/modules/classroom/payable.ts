import type { Logger } from '../../platform/logging'
import { registerHeldPayable, startDueRefunds as startDue, sweepHeldPayable, type DueRefund, type HeldPayableKind, type PaymentsService } from '../payments'
import { holdForPayment, markPurchasePaid, markPurchaseRefunded, releaseExpiredPurchases, reviveLatePurchase } from './purchases'
import { classroomDb, type ClassroomDb, type ClassroomTables } from './schema'
import type { ClassroomDeps } from './shared'

/** The payments module's kind (named once, in @tianyuan/contracts/payments-rules). */
import { CLASSROOM_COURSE_KIND } from '@tianyuan/contracts/payments-rules'

export { CLASSROOM_COURSE_KIND }

/**
 * A course purchase in the payments module's held-then-paid lifecycle (payments/held.ts):
 * - held: 待支付 until `hold_expires_at` (nothing is set aside: a course has no stock; the hold is
 *   how long the price stands); the amount is the price recorded on the purchase;
 * - paid: 待支付 → 已购买 exactly once, and the course joins 我的课程; paid after the hold ended →
 *   revived, unless the learner bought the course through another purchase meanwhile;
 * - the one refund the classroom decides: money for a cancelled purchase that could not be revived
 *   (the course was already bought), in full; 已取消 → 已退款 when WeChat confirms.
 */
export function classroomCourseKind(deps: ClassroomDeps): HeldPayableKind {
  return {
    kind: CLASSROOM_COURSE_KIND,
    async read(db, orderId, userId) {
      const p = await classroomDb(db)
        .selectFrom('classroom_purchases as p')
        .innerJoin('classroom_courses as c', 'c.id', 'p.course_id')
        .select(['p.status', 'p.amount_fen', 'p.hold_expires_at', 'c.title'])
        .where('p.id', '=', orderId)
        .where('p.user_id', '=', userId)
        .executeTakeFirst()
      if (!p) return null
      const state = p.status === 'pending_payment' ? 'held' : p.status === 'paid' ? 'paid' : 'cancelled'
      return { state, amountFen: Number(p.amount_fen), description: `田间课堂-${p.title}`, holdExpiresAt: Number(p.hold_expires_at) }
    },
    extendHold: (db, orderId, until) => holdForPayment(classroomDb(db), orderId, until),
    markPaid: (tx, orderId, paid) => markPurchasePaid(tx.withTables<ClassroomTables>(), orderId, paid.paidAt),
    reviveLatePayment: (tx, orderId, paid) => reviveLatePurchase(tx.withTables<ClassroomTables>(), orderId, paid.paidAt),
    markRefunded: (tx, orderId, _refund, at) => markPurchaseRefunded(tx.withTables<ClassroomTables>(), orderId, at),
    releaseExpiredHolds: (now) => releaseExpiredPurchases(deps, now),
    dueRefunds: (options) => dueClassroomRefunds(deps.db, options),
  }
}

/** Payments that went through for purchases that stay cancelled: refunded in full. */
export async function dueClassroomRefunds(db: ClassroomDb, options: { orderId?: string; limit: number }): Promise<DueRefund[]> {
  let q = db
    .selectFrom('payments as p')
    .innerJoin('classroom_purchases as c', 'c.id', 'p.order_id')
    .select(['p.id', 'p.amount_fen', 'p.refunded_fen', 'c.id as purchase_id'])
    .where('p.kind', '=', CLASSROOM_COURSE_KIND)
    .where('p.status', '=', 'paid')
    .where('c.status', '=', 'cancelled')
  if (options.orderId) q = q.where('c.id', '=', options.orderId)
  const rows = await q.limit(options.limit).execute()
  return rows.map((r) => ({ orderId: r.purchase_id, paymentId: r.id, amountFen: Number(r.amount_fen), refundedFen: Number(r.refunded_fen), reason: '这门课已经买过了，这笔钱原路退回' }))
}

export function registerClassroomPayable(payments: PaymentsService, deps: ClassroomDeps, logger: Logger): void {
  registerHeldPayable(payments, classroomCourseKind(deps), { now: deps.now, paymentTimeoutMs: deps.paymentTimeoutMs, logger })
}

export async function startDueRefunds(payments: PaymentsService, db: ClassroomDb, logger: Logger, options: { purchaseId?: string; limit?: number } = {}): Promise<number> {
  return startDue(payments, await dueClassroomRefunds(db, { orderId: options.purchaseId, limit: options.limit ?? 50 }), logger, CLASSROOM_COURSE_KIND)
}

/** The classroom's periodic sweep (every minute): unpaid purchases past their hold cancelled, due refunds started. */
export function sweepClassroomPurchases(payments: PaymentsService | undefined, deps: ClassroomDeps, logger: Logger, now: number): Promise<{ released: number; refunds: number }> {
  return sweepHeldPayable(payments, classroomCourseKind(deps), now, logger)
}
