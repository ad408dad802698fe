import type { Transaction } from 'kysely'
import { AppError } from '../../platform/errors'
import { answerInTransaction } from '../../platform/idempotency'
import { newId } from '../../platform/ids'
import type { Database } from '../../platform/db'
import {
  LOAN_STATUS_WORDS,
  OVERPAYMENT_RULE,
  formatYuan,
  shanghaiDate,
  type CreateRepaymentRequest,
  type Repayment,
  type RepaymentQuote,
  type RepaymentQuoteRequest,
} from '@tianyuan/contracts'
import type { PaidEvent, RefundedEvent } from '../payments'
import { applyRepayment, outstanding, planInstallments, planPayoff, type RepaymentPlan } from './arithmetic'
import { moveLoan, ownLoanRow, stateOf } from './applications'
import { repaymentSeqs, toRepayment } from './repayment-view'
import type { LoanRow, LoanTables, LoansDb, RepaymentRow } from './schema'
import { isUniqueViolation, loanErrors, sortableId, type LoansDeps } from './shared'

// Repayments: the amount to the day quoted by the server (@tianyuan/loans), a repayment record that
// is the payments module's payable order (kind loan_repayment), and — when WeChat says it is paid —
// the money applied to the loan's schedule and written to the ledger, once.
//
// Paid twice (two payments for the same installment — a repayment paid after it had been cancelled
// while another paid the same installment, or a stray second payment): the part nothing is owed for
// is refunded in full, through the payment it came with. Not credited to later installments: the
// borrower asked to pay those installments, not to lend us money; a refund is what they expect
// (OVERPAYMENT_RULE, shown before paying) and it keeps the schedule exactly as quoted.

type LoansTx = Transaction<Database & LoanTables>

function repayable(row: LoanRow): void {
  if (row.status === 'repaying') return
  if (row.status === 'settled') throw loanErrors.state('这笔借款已经结清了，不用再还')
  throw loanErrors.state(`这笔借款现在是「${LOAN_STATUS_WORDS[row.status]}」，放款后才能还款`)
}

function planFor(row: LoanRow, today: string, req: RepaymentQuoteRequest): RepaymentPlan {
  const state = stateOf(row)
  if (!state) throw loanErrors.state('这笔借款还没有放款，不能还款')
  if (req.scope === 'installments') {
    const plan = planInstallments(state, today, req.count)
    if (!plan) {
      const left = outstanding(state, today).installments.filter((i) => !i.settled).length
      throw loanErrors.field('count', left === 0 ? '已经没有待还的期数了' : `只剩 ${left} 期没还，最多还 ${left} 期`)
    }
    return plan
  }
  const plan = planPayoff(state, today)
  if ('problem' in plan) throw loanErrors.state(plan.problem)
  return plan
}

function toQuote(loanId: string, req: RepaymentQuoteRequest, today: string, plan: RepaymentPlan): RepaymentQuote {
  const note =
    req.scope === 'payoff'
      ? `今天（${today}）全部还清需要 ${formatYuan(plan.amountFen)} 元：利息只算到今天，比按计划还少付 ${formatYuan(plan.savedFen)} 元。${OVERPAYMENT_RULE}`
      : `今天（${today}）还第 ${plan.installmentSeqs.join('、')} 期共 ${formatYuan(plan.amountFen)} 元${plan.dues.penaltyFen > 0 ? `，其中逾期罚息 ${formatYuan(plan.dues.penaltyFen)} 元` : ''}。${OVERPAYMENT_RULE}`
  return {
    loanId,
    scope: req.scope,
    installmentSeqs: plan.installmentSeqs,
    asOf: today,
    amountFen: plan.amountFen,
    principalFen: plan.dues.principalFen,
    interestFen: plan.dues.interestFen,
    penaltyFen: plan.dues.penaltyFen,
    feeFen: plan.dues.feeFen,
    savedFen: plan.savedFen,
    note,
  }
}

/** `POST /api/loans/my/:id/repayment-quote`: what it takes today, before the borrower pays. */
export async function quoteRepayment(deps: LoansDeps, userId: string, loanId: string, req: RepaymentQuoteRequest): Promise<RepaymentQuote> {
  const row = await ownLoanRow(deps.db, userId, loanId)
  repayable(row)
  const today = shanghaiDate(deps.now())
  return toQuote(loanId, req, today, planFor(row, today, req))
}

/**
 * Starts a repayment of what was quoted: 201 with the repayment (pay it with `POST /api/payments
 * {kind: 'loan_repayment', orderId}`). The quote must still be today's amount (else 409
 * QUOTE_CHANGED with the new quote). One repayment waits for money per loan: the same one again
 * answers it (200); a different one while it waits → 409 (cancel it first).
 */
export async function createRepayment(deps: LoansDeps, userId: string, loanId: string, req: CreateRepaymentRequest): Promise<{ repayment: Repayment; created: boolean }> {
  const { db } = deps
  const row = await ownLoanRow(db, userId, loanId)
  repayable(row)
  const now = deps.now()
  const today = shanghaiDate(now)
  const quoteReq: RepaymentQuoteRequest = req.scope === 'payoff' ? { scope: 'payoff' } : { scope: 'installments', count: req.count }
  const plan = planFor(row, today, quoteReq)
  if (plan.amountFen !== req.amountFen) {
    const quote = toQuote(loanId, quoteReq, today, plan)
    throw new AppError(409, 'QUOTE_CHANGED', `应还金额已变为 ${formatYuan(plan.amountFen)} 元（${quote.note}），请确认后再还`, { quote })
  }
  const awaiting = await db.selectFrom('loan_repayments').selectAll().where('loan_id', '=', loanId).where('status', '=', 'awaiting_payment').executeTakeFirst()
  if (awaiting) return sameOrConflict(awaiting, req.scope, plan)
  try {
    return await db.transaction().execute(async (trx) => {
      const id = newId()
      const values: RepaymentRow = {
        id,
        loan_id: loanId,
        user_id: userId,
        scope: req.scope,
        installment_seqs: JSON.stringify(plan.installmentSeqs),
        as_of: today,
        amount_fen: plan.amountFen,
        principal_fen: plan.dues.principalFen,
        interest_fen: plan.dues.interestFen,
        penalty_fen: plan.dues.penaltyFen,
        fee_fen: plan.dues.feeFen,
        status: 'awaiting_payment',
        hold_expires_at: now + deps.settings.repaymentHoldMs,
        payment_id: null,
        paid_at: null,
        refund_due_fen: 0,
        refunded_fen: 0,
        created_at: now,
      }
      await trx.insertInto('loan_repayments').values(values).execute()
      const answer = { repayment: toRepayment(values) }
      await answerInTransaction(trx, 201, answer)
      return { ...answer, created: true }
    })
  } catch (error) {
    // Another request of the same borrower started one a moment ago (the partial unique index).
    if (!isUniqueViolation(error)) throw error
    const other = await db.selectFrom('loan_repayments').selectAll().where('loan_id', '=', loanId).where('status', '=', 'awaiting_payment').executeTakeFirst()
    if (!other) throw error
    return sameOrConflict(other, req.scope, plan)
  }
}

function sameOrConflict(awaiting: RepaymentRow, scope: string, plan: RepaymentPlan): { repayment: Repayment; created: boolean } {
  const same = awaiting.scope === scope && Number(awaiting.amount_fen) === plan.amountFen && JSON.stringify(repaymentSeqs(awaiting.installment_seqs)) === JSON.stringify(plan.installmentSeqs)
  if (same) return { repayment: toRepayment(awaiting), created: false }
  throw loanErrors.conflict(`已有一笔 ${formatYuan(Number(awaiting.amount_fen))} 元的还款在等待支付，请先付完或取消它，再换一种还法`)
}

/** `POST /api/loans/my/:id/repayments/:rid/cancel`: a repayment waiting for money → 已取消 (again: unchanged). */
export async function cancelRepayment(deps: LoansDeps, userId: string, loanId: string, repaymentId: string): Promise<Repayment> {
  const { db } = deps
  await ownLoanRow(db, userId, loanId)
  await db.updateTable('loan_repayments').set({ status: 'cancelled' }).where('id', '=', repaymentId).where('loan_id', '=', loanId).where('status', '=', 'awaiting_payment').execute()
  const r = await db.selectFrom('loan_repayments').selectAll().where('id', '=', repaymentId).where('loan_id', '=', loanId).executeTakeFirst()
  if (!r) throw loanErrors.repaymentNotFound()
  if (r.status === 'paid') throw loanErrors.state('这笔还款已经付过了，不能取消')
  return toRepayment(r)
}

// ---------------------------------------------------------------- WeChat's word: the money arrived

/**
 * Applies a received payment to the loan, inside the payments transaction that records it: the
 * loan row is locked first (a no-op-ish write: state_version + 1 — PostgreSQL's row lock, SQLite's
 * write lock), so two repayments of one loan settling at once apply one after the other to the
 * latest schedule. Writes one ledger entry per payment (unique (kind, source_id) = the payment id).
 */
async function applyToLoan(tx: LoansTx, repayment: RepaymentRow, paid: PaidEvent): Promise<void> {
  await tx
    .updateTable('loans')
    .set((eb) => ({ state_version: eb('state_version', '+', 1) }))
    .where('id', '=', repayment.loan_id)
    .execute()
  const loan = await tx.selectFrom('loans').selectAll().where('id', '=', repayment.loan_id).executeTakeFirstOrThrow()
  const state = stateOf(loan)
  // WeChat's time of payment, never before the loan's first day (a clock a moment behind ours).
  const paidOn = shanghaiDate(paid.paidAt)
  const onDate = state && paidOn < state.terms.startDate ? state.terms.startDate : paidOn
  let split = { principalFen: 0, interestFen: 0, penaltyFen: 0, feeFen: 0 }
  let overpaidFen = paid.amountFen
  if (state && loan.status === 'repaying') {
    const scope = repayment.scope === 'payoff' ? ({ kind: 'payoff' } as const) : ({ kind: 'installments', seqs: repaymentSeqs(repayment.installment_seqs) } as const)
    const applied = applyRepayment(state, paid.amountFen, onDate, scope)
    split = applied.split
    overpaidFen = applied.overpaidFen
    await tx.updateTable('loans').set({ state: JSON.stringify(applied.state), updated_at: paid.paidAt }).where('id', '=', loan.id).execute()
    if (outstanding(applied.state, onDate).settled) {
      await moveLoan(tx, loan.id, 'settle', { kind: 'system' }, repayment.scope === 'payoff' ? '提前全部还清' : '最后一期还清', paid.paidAt, { settled_at: paid.paidAt })
    }
  }
  if (overpaidFen > 0) {
    await tx
      .updateTable('loan_repayments')
      .set((eb) => ({ refund_due_fen: eb('refund_due_fen', '+', overpaidFen) }))
      .where('id', '=', repayment.id)
      .execute()
  }
  await tx
    .insertInto('loan_ledger')
    .values({
      id: sortableId(Date.now()),
      loan_id: loan.id,
      kind: 'repayment',
      source_id: paid.paymentId,
      amount_fen: paid.amountFen,
      principal_fen: split.principalFen,
      interest_fen: split.interestFen,
      penalty_fen: split.penaltyFen,
      fee_fen: split.feeFen,
      overpaid_fen: overpaidFen,
      repayment_id: repayment.id,
      payment_id: paid.paymentId,
      at: paid.paidAt,
    })
    .execute()
}

/** 待支付 → 已还款, once; the money applied. True if this call moved it. */
export async function markRepaymentPaid(tx: LoansTx, repaymentId: string, paid: PaidEvent): Promise<boolean> {
  const moved = await tx
    .updateTable('loan_repayments')
    .set({ status: 'paid', paid_at: paid.paidAt, payment_id: paid.paymentId })
    .where('id', '=', repaymentId)
    .where('status', '=', 'awaiting_payment')
    .executeTakeFirst()
  if (Number(moved.numUpdatedRows) !== 1) return false
  const r = await tx.selectFrom('loan_repayments').selectAll().where('id', '=', repaymentId).executeTakeFirstOrThrow()
  await applyToLoan(tx, r, paid)
  return true
}

/**
 * Money arrived for a repayment that had been cancelled (its hold ended while the borrower was
 * paying): it is taken as paid and applied to what is owed now; whatever is no longer owed (the
 * installments were paid another way meanwhile) is refunded. Always revives (true), once.
 */
export async function reviveRepayment(tx: LoansTx, repaymentId: string, paid: PaidEvent): Promise<boolean> {
  const moved = await tx
    .updateTable('loan_repayments')
    .set({ status: 'paid', paid_at: paid.paidAt, payment_id: paid.paymentId })
    .where('id', '=', repaymentId)
    .where('status', '=', 'cancelled')
    .where('payment_id', 'is', null)
    .executeTakeFirst()
  if (Number(moved.numUpdatedRows) !== 1) return false
  const r = await tx.selectFrom('loan_repayments').selectAll().where('id', '=', repaymentId).executeTakeFirstOrThrow()
  await applyToLoan(tx, r, paid)
  return true
}

/** A refund went through (WeChat's word): the repayment's refunded amount, and a ledger entry per refund. */
export async function markRepaymentRefunded(tx: LoansTx, repaymentId: string, refund: RefundedEvent, at: number): Promise<boolean> {
  const r = await tx.selectFrom('loan_repayments').selectAll().where('id', '=', repaymentId).executeTakeFirst()
  if (!r) return false
  if (r.payment_id === refund.paymentId) {
    await tx.updateTable('loan_repayments').set({ refunded_fen: refund.refundedFen }).where('id', '=', repaymentId).execute()
  }
  try {
    await tx
      .insertInto('loan_ledger')
      .values({
        id: sortableId(Date.now()),
        loan_id: r.loan_id,
        kind: 'refund',
        source_id: refund.refundId,
        amount_fen: refund.amountFen,
        principal_fen: 0,
        interest_fen: 0,
        penalty_fen: 0,
        fee_fen: 0,
        overpaid_fen: refund.amountFen,
        repayment_id: r.id,
        payment_id: refund.paymentId,
        at,
      })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
  return true
}

/** Repayments past their hold → 已取消 (a payment still in progress may revive one). How many. */
export async function releaseExpiredRepayments(db: LoansDb, now: number): Promise<number> {
  const result = await db.updateTable('loan_repayments').set({ status: 'cancelled' }).where('status', '=', 'awaiting_payment').where('hold_expires_at', '<=', now).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function extendRepaymentHold(db: LoansDb, repaymentId: string, until: number): Promise<void> {
  await db.updateTable('loan_repayments').set({ hold_expires_at: until }).where('id', '=', repaymentId).where('status', '=', 'awaiting_payment').where('hold_expires_at', '<', until).execute()
}
