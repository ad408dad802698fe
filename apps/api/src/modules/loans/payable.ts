import { LOAN_REPAYMENT_KIND } from '@tianyuan/contracts/payments-rules'
import type { Logger } from '../../platform/logging'
import { registerHeldPayable, startDueRefunds as startDue, sweepHeldPayable, type DueRefund, type HeldPayableKind, type PaymentsService } from '../payments'
import { repaymentSeqs } from './repayment-view'
import { extendRepaymentHold, markRepaymentPaid, markRepaymentRefunded, releaseExpiredRepayments, reviveRepayment } from './repayments'
import { loansDb, type LoanTables, type LoansDb } from './schema'
import type { LoansDeps } from './shared'

export { LOAN_REPAYMENT_KIND }

/**
 * A repayment in the payments module's held-then-paid lifecycle (payments/held.ts):
 * - held: 待支付, its quote good until `hold_expires_at`; the amount is the quote from our record;
 * - paid: 待支付 → 已还款 exactly once, the money applied to the schedule and the ledger; paid after a
 *   cancel → revived and applied to what is owed then;
 * - refunds the loans module decides: what a repayment paid beyond what was owed (paid twice), and a
 *   stray second payment of one repayment — in full, through the payment it came with.
 */
export function loanRepaymentKind(deps: Pick<LoansDeps, 'db' | 'now'>): HeldPayableKind {
  return {
    kind: LOAN_REPAYMENT_KIND,
    async read(db, orderId, userId) {
      const r = await loansDb(db)
        .selectFrom('loan_repayments')
        .select(['status', 'amount_fen', 'hold_expires_at', 'scope', 'installment_seqs'])
        .where('id', '=', orderId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
      if (!r) return null
      const state = r.status === 'awaiting_payment' ? 'held' : r.status === 'paid' ? 'paid' : 'cancelled'
      const what = r.scope === 'payoff' ? '提前还清' : `第${repaymentSeqs(r.installment_seqs).join('、')}期还款`
      return { state, amountFen: Number(r.amount_fen), description: `惠农小贷-${what}`, holdExpiresAt: Number(r.hold_expires_at) }
    },
    extendHold: (db, orderId, until) => extendRepaymentHold(loansDb(db), orderId, until),
    markPaid: (tx, orderId, paid) => markRepaymentPaid(tx.withTables<LoanTables>(), orderId, paid),
    reviveLatePayment: (tx, orderId, paid) => reviveRepayment(tx.withTables<LoanTables>(), orderId, paid),
    markRefunded: (tx, orderId, refund, at) => markRepaymentRefunded(tx.withTables<LoanTables>(), orderId, refund, at),
    releaseExpiredHolds: (now) => releaseExpiredRepayments(deps.db, now),
    dueRefunds: (options) => dueRepaymentRefunds(deps.db, options),
  }
}

/**
 * Refunds due: (1) what a repayment's payment paid beyond what was owed (`refund_due_fen` −
 * `refunded_fen`), while that payment has nothing in progress; (2) a payment of a repayment that is
 * not the one applied to it (a second payment that went through) — in full.
 */
export async function dueRepaymentRefunds(db: LoansDb, options: { orderId?: string; loanId?: string; limit: number }): Promise<DueRefund[]> {
  let over = db
    .selectFrom('loan_repayments as r')
    .innerJoin('payments as p', 'p.id', 'r.payment_id')
    .select(['r.id', 'r.refund_due_fen', 'r.refunded_fen', 'p.id as payment_id', 'p.refunded_fen as payment_refunded_fen'])
    .where('p.kind', '=', LOAN_REPAYMENT_KIND)
    .where('p.status', 'in', ['paid', 'partially_refunded'])
    .where((eb) => eb('r.refund_due_fen', '>', eb.ref('r.refunded_fen')))
  if (options.orderId) over = over.where('r.id', '=', options.orderId)
  if (options.loanId) over = over.where('r.loan_id', '=', options.loanId)
  const overRows = await over.limit(options.limit).execute()
  let stray = db
    .selectFrom('payments as p')
    .innerJoin('loan_repayments as r', 'r.id', 'p.order_id')
    .select(['p.id', 'p.amount_fen', 'p.refunded_fen', 'r.id as repayment_id'])
    .where('p.kind', '=', LOAN_REPAYMENT_KIND)
    .where('p.status', '=', 'paid')
    .where((eb) => eb.or([eb('r.payment_id', 'is', null), eb('r.payment_id', '<>', eb.ref('p.id'))]))
    .where('r.status', '<>', 'awaiting_payment')
  if (options.orderId) stray = stray.where('r.id', '=', options.orderId)
  if (options.loanId) stray = stray.where('r.loan_id', '=', options.loanId)
  const strayRows = await stray.limit(options.limit).execute()
  return [
    ...overRows.map((r) => ({
      orderId: r.id,
      paymentId: r.payment_id,
      amountFen: Number(r.refund_due_fen) - Number(r.refunded_fen),
      refundedFen: Number(r.payment_refunded_fen),
      reason: '惠农小贷：同一期付了两次，多付的钱原路退回',
    })),
    ...strayRows.map((r) => ({ orderId: r.repayment_id, paymentId: r.id, amountFen: Number(r.amount_fen), refundedFen: Number(r.refunded_fen), reason: '惠农小贷：重复付款，原路全额退回' })),
  ]
}

export function registerLoanPayable(payments: PaymentsService, deps: LoansDeps, logger: Logger): void {
  registerHeldPayable(payments, loanRepaymentKind(deps), { now: deps.now, paymentTimeoutMs: deps.paymentTimeoutMs, logger })
}

/** Starts the refunds due (a loan's page view for its loan, the sweep for the rest); each decision once. */
export async function startDueRepaymentRefunds(payments: PaymentsService, db: LoansDb, logger: Logger, options: { loanId?: string; limit?: number } = {}): Promise<number> {
  return startDue(payments, await dueRepaymentRefunds(db, { loanId: options.loanId, limit: options.limit ?? 50 }), logger, LOAN_REPAYMENT_KIND)
}

/** The loans' periodic sweep (every minute): repayments past their hold cancelled, due refunds started. */
export function sweepLoanRepayments(payments: PaymentsService | undefined, deps: Pick<LoansDeps, 'db' | 'now'>, logger: Logger, now: number): Promise<{ released: number; refunds: number }> {
  return sweepHeldPayable(payments, loanRepaymentKind(deps), now, logger)
}
