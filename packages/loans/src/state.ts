// A disbursed loan as plain JSON the server persists: the schedule's rows plus what has been paid
// on each, and the penalty interest charged so far. Every function here is pure: it returns a new
// state and never changes the one it was given.
//
// Overdue: an installment unpaid after its due date + `graceDays` is overdue (逾期). Penalty
// interest runs only for the days after the grace period (a payment within it costs nothing
// extra), on the installment's unpaid principal + interest (never on fees or on penalty: no
// compounding), at `penaltyRateBp` a year, actual/365, rounded half-up to the fen each time it is
// charged — when a payment is applied (`outstanding` shows what would be charged that day).
import { addDues, allocatePayment, duesTotal, ZERO_DUES } from './allocation'
import { addDays, compareDates, daysBetween, isCivilDate } from './dates'
import { MAX_GRACE_DAYS, MAX_PENALTY_RATE_BP } from './limits'
import { mulDivRoundHalfUp } from './money'
import type { CivilDate, Dues, InstallmentAllocation, InstallmentState, InstallmentStatus, LoanState, Outstanding, PaymentResult, PenaltyPolicy, QuoteResult, Schedule } from './types'

/** A loan's state at disbursement: the schedule, nothing paid. */
export function createLoanState(schedule: Schedule, penalty: PenaltyPolicy): LoanState {
  return {
    terms: schedule.terms,
    penalty: { ...penalty },
    installments: schedule.installments.map((row) => ({
      ...row,
      kind: 'scheduled',
      paid: { ...ZERO_DUES },
      penaltyFen: 0,
      penaltyAccruedThrough: null,
    })),
  }
}

/** What is still owed on one installment (penalty charged so far included). */
export function owedOn(row: InstallmentState): Dues {
  return {
    penaltyFen: row.penaltyFen - row.paid.penaltyFen,
    feeFen: row.feeFen - row.paid.feeFen,
    interestFen: row.interestFen - row.paid.interestFen,
    principalFen: row.principalFen - row.paid.principalFen,
  }
}

export function isSettled(row: InstallmentState): boolean {
  return duesTotal(owedOn(row)) === 0
}

/** Penalty interest for `days` days on `baseFen` at `rateBp` a year, actual/365, half-up to the fen. */
export function penaltyInterestFen(baseFen: number, rateBp: number, days: number): number {
  if (days <= 0 || rateBp <= 0 || baseFen <= 0) return 0
  return mulDivRoundHalfUp(baseFen * rateBp, days, 3_650_000)
}

function accrueRow(row: InstallmentState, policy: PenaltyPolicy, onDate: CivilDate): InstallmentState {
  const graceEnd = addDays(row.dueDate, policy.graceDays)
  const from = row.penaltyAccruedThrough !== null && compareDates(row.penaltyAccruedThrough, graceEnd) > 0 ? row.penaltyAccruedThrough : graceEnd
  const days = daysBetween(from, onDate)
  if (days <= 0) return row
  const owed = owedOn(row)
  const charge = penaltyInterestFen(owed.principalFen + owed.interestFen, policy.penaltyRateBp, days)
  return { ...row, penaltyFen: row.penaltyFen + charge, penaltyAccruedThrough: onDate }
}

/** The state with penalty interest charged on every overdue installment up to `onDate`. */
export function accruePenalty(state: LoanState, onDate: CivilDate): LoanState {
  if (!isCivilDate(onDate)) throw new RangeError(`日期无效（应为 YYYY-MM-DD）：${onDate}`)
  return { ...state, installments: state.installments.map((row) => accrueRow(row, state.penalty, onDate)) }
}

function statusOf(row: InstallmentState, policy: PenaltyPolicy, onDate: CivilDate): InstallmentStatus {
  const owed = owedOn(row)
  const owedFen = duesTotal(owed)
  const late = daysBetween(row.dueDate, onDate)
  return {
    n: row.n,
    dueDate: row.dueDate,
    owed,
    owedFen,
    daysLate: owedFen > 0 && late > 0 ? late : 0,
    overdue: owedFen > 0 && late > policy.graceDays,
    settled: owedFen === 0,
  }
}

/** Where the loan stands on `onDate` (penalty interest counted up to that day). */
export function outstanding(state: LoanState, onDate: CivilDate): Outstanding {
  const accrued = accruePenalty(state, onDate)
  const installments = accrued.installments.map((row) => statusOf(row, state.penalty, onDate))
  let dueNow: Dues = { ...ZERO_DUES }
  let principalOutstandingFen = 0
  for (const [i, row] of accrued.installments.entries()) {
    const status = installments[i]!
    principalOutstandingFen += status.owed.principalFen
    if (compareDates(row.dueDate, onDate) <= 0) dueNow = addDues(dueNow, status.owed)
  }
  return {
    onDate,
    dueNow,
    dueNowFen: duesTotal(dueNow),
    principalOutstandingFen,
    overdue: installments.some((s) => s.overdue),
    settled: installments.every((s) => s.settled),
    next: installments.find((s) => !s.settled) ?? null,
    installments,
  }
}

/**
 * Applies a repayment of `amountFen` received on `onDate`: penalty interest is charged up to that
 * day, then the money settles installments oldest first, each in the order penalty → fees →
 * interest → principal. Paying ahead settles future installments as scheduled (for less interest,
 * repay early with `applyEarlyRepayment`). What nothing is owed for comes back as `leftoverFen`.
 */
export function applyPayment(state: LoanState, amountFen: number, onDate: CivilDate): QuoteResult<PaymentResult> {
  if (!Number.isInteger(amountFen) || amountFen <= 0) return { ok: false, code: 'invalid_amount', message: '还款金额应为大于 0 的整数分' }
  if (!isCivilDate(onDate)) return { ok: false, code: 'invalid_date', message: '还款日期无效（应为 YYYY-MM-DD）' }
  if (compareDates(onDate, state.terms.startDate) < 0) return { ok: false, code: 'before_start', message: '还款日期早于放款日期' }
  const accrued = accruePenalty(state, onDate)
  let left = amountFen
  let applied: Dues = { ...ZERO_DUES }
  const allocations: InstallmentAllocation[] = []
  const installments = [...accrued.installments]
    .sort((a, b) => compareDates(a.dueDate, b.dueDate) || a.n - b.n)
    .map((row) => {
      if (left === 0 || isSettled(row)) return row
      const split = allocatePayment(left, owedOn(row))
      left = split.leftoverFen
      applied = addDues(applied, split.applied)
      allocations.push({ n: row.n, applied: split.applied })
      return { ...row, paid: addDues(row.paid, split.applied) }
    })
  return { ok: true, value: { state: { ...accrued, installments }, allocations, applied, leftoverFen: left } }
}

/** Sum of what has been paid on every installment (for reconciling a ledger). */
export function totalPaid(state: LoanState): Dues {
  return state.installments.reduce<Dues>((sum, row) => addDues(sum, row.paid), { ...ZERO_DUES })
}

/** Sum of what is still owed on `rows` (penalty charged so far included). */
export function totalOwed(rows: readonly InstallmentState[]): Dues {
  return rows.reduce<Dues>((sum, row) => addDues(sum, owedOn(row)), { ...ZERO_DUES })
}

/** What is wrong with a penalty policy, in zh-CN; empty when usable. */
export function validatePenaltyPolicy(policy: PenaltyPolicy): string[] {
  const problems: string[] = []
  if (!Number.isInteger(policy.penaltyRateBp) || policy.penaltyRateBp < 0 || policy.penaltyRateBp > MAX_PENALTY_RATE_BP) {
    problems.push(`罚息年利率应在 0 到 ${MAX_PENALTY_RATE_BP / 100}% 之间（以基点计）`)
  }
  if (!Number.isInteger(policy.graceDays) || policy.graceDays < 0 || policy.graceDays > MAX_GRACE_DAYS) {
    problems.push(`宽限期应为 0 到 ${MAX_GRACE_DAYS} 天`)
  }
  return problems
}
