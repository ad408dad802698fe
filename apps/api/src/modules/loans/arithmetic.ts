import {
  applyEarlyRepayment,
  applyPayment,
  buildSchedule,
  createLoanState,
  duesTotal,
  outstanding,
  quoteEarlyRepayment,
  totalPaid,
  validateTerms,
  type Dues,
  type LoanState,
  type LoanTerms,
  type Schedule,
} from '@tianyuan/loans'
import { APR_NOTE, LOAN_METHOD_WORDS, formatRatePercent, type LoanMethod, type LoanQuote } from '@tianyuan/contracts'
import type { LoansSettings } from './shared'

// The one place the API meets @tianyuan/loans: terms from a product's figures, schedules and their
// APR, the state of a disbursed loan, quotes to the day. The package is the arithmetic; this file
// decides which of its numbers the API answers with.

/** The per-installment fee in fen for an amount (basis points of the amount, half-up). */
export function installmentFeeFen(amountFen: number, feeBp: number): number {
  return Math.floor((amountFen * feeBp + 5000) / 10000)
}

export interface LoanFigures {
  amountFen: number
  termMonths: number
  method: LoanMethod
  annualRateBp: number
  installmentFeeBp: number
}

export function termsOf(f: LoanFigures, startDate: string): LoanTerms {
  const fee = installmentFeeFen(f.amountFen, f.installmentFeeBp)
  return {
    principalFen: f.amountFen,
    annualRateBp: f.annualRateBp,
    termMonths: f.termMonths,
    method: f.method,
    startDate,
    fees: fee > 0 ? [{ kind: 'per_installment', amountFen: fee, label: '服务费' }] : [],
  }
}

/** Problems with the figures as the package sees them (zh-CN), empty when usable. */
export function termsProblems(f: LoanFigures, startDate: string): string[] {
  return validateTerms(termsOf(f, startDate))
}

export function scheduleOf(f: LoanFigures, startDate: string): Schedule {
  return buildSchedule(termsOf(f, startDate))
}

/** A schedule as the API answers it: the APR first, then the totals and the table. */
export function quoteOf(productId: string, f: LoanFigures, startDate: string): LoanQuote {
  const s = scheduleOf(f, startDate)
  return {
    productId,
    amountFen: f.amountFen,
    termMonths: f.termMonths,
    method: f.method,
    methodWord: LOAN_METHOD_WORDS[f.method],
    apr: s.apr,
    aprText: formatRatePercent(s.apr),
    annualRateBp: f.annualRateBp,
    totalInterestFen: s.totals.interestFen,
    totalFeeFen: s.totals.feesFen,
    totalRepayFen: s.totals.repaymentFen + s.totals.upfrontFeesFen,
    startDate,
    schedule: s.installments.map((row) => ({
      seq: row.n,
      dueDate: row.dueDate,
      principalFen: row.principalFen,
      interestFen: row.interestFen,
      feeFen: row.feeFen,
      totalFen: row.totalFen,
      remainingPrincipalFen: row.remainingPrincipalFen,
    })),
    aprNote: APR_NOTE,
  }
}

/** The penalty policy of a loan, from the settings: `penaltyRatePercent` % of its own rate after `graceDays`. */
export function penaltyPolicy(annualRateBp: number, settings: LoansSettings) {
  return { penaltyRateBp: Math.round((annualRateBp * settings.penaltyRatePercent) / 100), graceDays: settings.graceDays }
}

/** A disbursed loan's state: its schedule from the disbursement day, nothing paid. */
export function stateAtDisbursement(f: LoanFigures, disbursedOn: string, settings: LoansSettings): LoanState {
  return createLoanState(scheduleOf(f, disbursedOn), penaltyPolicy(f.annualRateBp, settings))
}

export interface RepaymentPlan {
  installmentSeqs: number[]
  amountFen: number
  dues: Dues
  /** For a payoff: the scheduled interest and fees not charged. */
  savedFen: number
}

/** What the next `count` unsettled installments take today (penalty to the day included). */
export function planInstallments(state: LoanState, onDate: string, count: number): RepaymentPlan | null {
  const open = outstanding(state, onDate).installments.filter((i) => !i.settled)
  const take = open.slice(0, count)
  if (take.length === 0 || take.length < count) return null
  const dues = take.reduce<Dues>(
    (sum, i) => ({ penaltyFen: sum.penaltyFen + i.owed.penaltyFen, feeFen: sum.feeFen + i.owed.feeFen, interestFen: sum.interestFen + i.owed.interestFen, principalFen: sum.principalFen + i.owed.principalFen }),
    { penaltyFen: 0, feeFen: 0, interestFen: 0, principalFen: 0 },
  )
  return { installmentSeqs: take.map((i) => i.n), amountFen: duesTotal(dues), dues, savedFen: 0 }
}

/** Everything, repaid early today: interest to the day (the package's quote). */
export function planPayoff(state: LoanState, onDate: string): RepaymentPlan | { problem: string } {
  const q = quoteEarlyRepayment(state, onDate, { mode: 'full' })
  if (!q.ok) return { problem: q.message }
  const quote = q.value
  // Money paid ahead counts towards it (creditFen): shown as less principal to pay.
  const dues: Dues = {
    penaltyFen: quote.dueNow.penaltyFen,
    feeFen: quote.dueNow.feeFen,
    interestFen: quote.dueNow.interestFen + quote.accruedInterestFen,
    principalFen: Math.max(0, quote.dueNow.principalFen + quote.principalRepaidFen - quote.creditFen),
  }
  const open = outstanding(state, onDate).installments.filter((i) => !i.settled).map((i) => i.n)
  return { installmentSeqs: open, amountFen: quote.payFen, dues, savedFen: Math.max(0, quote.interestSavedFen) }
}

/** How one received payment changed the loan, split by bucket (Σ paid after − before: always reconciles). */
export interface AppliedRepayment {
  state: LoanState
  split: Dues
  /** Paid for nothing owed: to refund. */
  overpaidFen: number
}

/**
 * Applies `cashFen` received on `onDate` for a repayment covering `seqs` (or a payoff): only what
 * those installments still owe is kept; the rest (paid twice, or paid another way meanwhile) is
 * overpaid and goes back. The split is the difference of Σ paid, so the ledger always sums to the state.
 */
export function applyRepayment(state: LoanState, cashFen: number, onDate: string, scope: { kind: 'installments'; seqs: number[] } | { kind: 'payoff' }): AppliedRepayment {
  const before = totalPaid(state)
  let next = state
  let kept = 0
  if (scope.kind === 'payoff') {
    const q = quoteEarlyRepayment(state, onDate, { mode: 'full' })
    if (q.ok && q.value.payFen > 0 && cashFen >= q.value.payFen) {
      const r = applyEarlyRepayment(state, onDate, { mode: 'full', amountFen: cashFen })
      if (r.ok) {
        next = r.value.state
        kept = cashFen - r.value.leftoverFen
      }
    } else if (q.ok && q.value.payFen > 0) {
      // Less than the payoff takes (a day passed between the quote and the money): it pays installments, oldest first.
      const r = applyPayment(state, cashFen, onDate)
      if (r.ok) {
        next = r.value.state
        kept = cashFen - r.value.leftoverFen
      }
    }
  } else {
    const owedNow = outstanding(state, onDate).installments.filter((i) => scope.seqs.includes(i.n)).reduce((sum, i) => sum + i.owedFen, 0)
    const keep = Math.min(cashFen, owedNow)
    if (keep > 0) {
      const r = applyPayment(state, keep, onDate)
      if (r.ok) {
        next = r.value.state
        kept = keep - r.value.leftoverFen
      }
    }
  }
  const after = totalPaid(next)
  return {
    state: next,
    split: {
      penaltyFen: after.penaltyFen - before.penaltyFen,
      feeFen: after.feeFen - before.feeFen,
      interestFen: after.interestFen - before.interestFen,
      principalFen: after.principalFen - before.principalFen,
    },
    overpaidFen: cashFen - kept,
  }
}

export { outstanding, totalPaid }
