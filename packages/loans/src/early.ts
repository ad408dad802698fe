// Early repayment (提前还款), full or partial, with interest to the day.
//
// On `onDate`, whatever is already due (installments due on or before that day, with their penalty
// interest) is paid first. Interest on the principal not yet due runs from the last due date (or
// disbursement) to `onDate`, actual/365, rounded half-up to the fen — and never more than the
// scheduled interest of the period in progress, so repaying early never costs more than waiting.
// Per-installment fees of the installments that no longer happen are not charged; upfront fees are
// not refunded (they paid for the disbursement). Money paid in advance on future installments
// counts towards the repayment.
//
// A partial repayment then either keeps the installment and shortens the term (`shorten_term`), or
// keeps the due dates and lowers the installment (`lower_installment`). Shortening keeps the
// installment (or, for equal principal, the principal per installment) and ends when the debt does.
// The first installment after it charges interest to the day from `onDate` on the smaller debt,
// capped so that the period in progress costs no more than the schedule had for it. For interest-only and
// single-payment loans the principal is due at the end either way, so both modes keep the dates.
import { addDues, duesTotal, ZERO_DUES } from './allocation'
import { compareDates, daysBetween, isCivilDate } from './dates'
import { divRoundHalfUp, formatFen, mulDivRoundHalfUp } from './money'
import { amortise, equalInstallmentFen, feeParts, monthlyInterestFen } from './schedule'
import { accruePenalty, owedOn, totalOwed, totalPaid } from './state'
import type {
  CivilDate,
  Dues,
  EarlyRepaymentOptions,
  EarlyRepaymentQuote,
  EarlyRepaymentResult,
  Installment,
  InstallmentState,
  LoanState,
  QuoteResult,
} from './types'

/** Interest to the day on `principalFen` for `days` days at `annualRateBp`, actual/365, half-up. */
export function interestForDaysFen(principalFen: number, annualRateBp: number, days: number): number {
  if (days <= 0) return 0
  return mulDivRoundHalfUp(principalFen * annualRateBp, days, 3_650_000)
}

interface Plan {
  quote: EarlyRepaymentQuote
  accrued: LoanState
  past: InstallmentState[]
}

function fail<T>(code: Extract<QuoteResult<T>, { ok: false }>['code'], message: string): QuoteResult<T> {
  return { ok: false, code, message }
}

function plan(state: LoanState, onDate: CivilDate, options: EarlyRepaymentOptions): QuoteResult<Plan> {
  const { terms } = state
  if (!isCivilDate(onDate)) return fail('invalid_date', '还款日期无效（应为 YYYY-MM-DD）')
  if (compareDates(onDate, terms.startDate) < 0) return fail('before_start', '还款日期早于放款日期')
  if (options.mode !== 'full' && options.mode !== 'shorten_term' && options.mode !== 'lower_installment') {
    return fail('invalid_amount', '请选择提前还款方式：全部结清、缩短期限或减少月供')
  }
  const lastEarly = state.installments.filter((r) => r.kind === 'early_repayment').map((r) => r.dueDate).sort().pop()
  if (lastEarly !== undefined && compareDates(onDate, lastEarly) < 0) return fail('invalid_state', '日期早于上一次提前还款')
  const accrued = accruePenalty(state, onDate)
  if (accrued.installments.every((r) => duesTotal(owedOn(r)) === 0)) return fail('settled', '这笔借款已经结清')

  const past = accrued.installments.filter((r) => compareDates(r.dueDate, onDate) <= 0)
  const future = accrued.installments.filter((r) => compareDates(r.dueDate, onDate) > 0)
  const dueNow: Dues = totalOwed(past)
  const dueNowFen = duesTotal(dueNow)
  const principalNotDue = future.reduce((s, r) => s + r.principalFen, 0)
  const lastDate = past.reduce<CivilDate>((d, r) => (compareDates(r.dueDate, d) > 0 ? r.dueDate : d), terms.startDate)
  const accruedDays = Math.max(0, daysBetween(lastDate, onDate))
  const periodInterest = future[0]?.interestFen ?? 0
  const accruedInterestFen = Math.min(interestForDaysFen(principalNotDue, terms.annualRateBp, accruedDays), periodInterest)
  const creditFen = duesTotal(totalPaid({ ...accrued, installments: future }))
  const scheduledFutureInterest = future.reduce((s, r) => s + r.interestFen, 0)

  const base = { onDate, dueNow, accruedInterestFen, accruedDays, creditFen }
  if (options.mode === 'full') {
    const need = dueNowFen + accruedInterestFen + principalNotDue
    const quote: EarlyRepaymentQuote = {
      ...base,
      mode: 'full',
      payFen: Math.max(0, need - creditFen),
      principalRepaidFen: principalNotDue,
      remainingPrincipalFen: 0,
      newInstallments: [],
      interestSavedFen: scheduledFutureInterest - accruedInterestFen,
      refundFen: Math.max(0, creditFen - need),
    }
    return { ok: true, value: { quote, accrued, past } }
  }

  if (future.length === 0) return fail('settled', '各期均已到期，请直接还清到期款项')
  const amountFen = options.amountFen
  if (amountFen === undefined || !Number.isInteger(amountFen) || amountFen <= 0) {
    return fail('invalid_amount', '请填写提前还款金额（大于 0 的整数分）')
  }
  const available = amountFen + creditFen
  const minimum = dueNowFen + accruedInterestFen + 1
  if (available < minimum) {
    return fail('amount_too_small', `提前还款至少需要 ${formatFen(Math.max(1, minimum - creditFen))} 元（含已到期款项和到今天的利息）`)
  }
  const principalRepaidFen = available - dueNowFen - accruedInterestFen
  if (principalRepaidFen >= principalNotDue) {
    const full = dueNowFen + accruedInterestFen + principalNotDue - creditFen
    return fail('amount_too_large', `这笔钱足够全部结清（只需 ${formatFen(Math.max(0, full))} 元），请选择全部提前还款`)
  }
  const remaining = principalNotDue - principalRepaidFen
  const dates = future.map((r) => r.dueDate)
  const months = dates.length
  const bulletMonths = terms.termMonths
  const wholePeriodInterest =
    terms.method === 'bullet' ? divRoundHalfUp(remaining * terms.annualRateBp * bulletMonths, 120_000) : monthlyInterestFen(remaining, terms.annualRateBp)
  // The period in progress costs, before and after the repayment together, never more than the
  // schedule had for it (a 31-day month by the day would otherwise exceed a twelfth of a year).
  const firstInterestFen = Math.max(
    0,
    Math.min(interestForDaysFen(remaining, terms.annualRateBp, daysBetween(onDate, dates[0]!)), wholePeriodInterest, periodInterest - accruedInterestFen),
  )
  const firstN = past.reduce((n, r) => Math.max(n, r.n), 0) + 2
  const common = {
    principalFen: remaining,
    annualRateBp: terms.annualRateBp,
    method: terms.method,
    feePerInstallmentFen: feeParts(terms.fees).perInstallmentFen,
    bulletMonths,
    firstInterestFen,
    firstN,
  }
  let newInstallments: Installment[]
  if (options.mode === 'shorten_term' && terms.method === 'equal_installment') {
    // Keep the installment the borrower is paying now; the smaller debt runs out sooner, and the
    // last installment takes what is left.
    const current = equalInstallmentFen(principalNotDue, terms.annualRateBp, months)
    newInstallments = amortise({ ...common, dueDates: dates, fixedAmountFen: current })
  } else if (options.mode === 'shorten_term' && terms.method === 'equal_principal') {
    const each = Math.max(1, Math.floor(principalNotDue / months))
    const count = Math.min(months, Math.ceil(remaining / each))
    newInstallments = amortise({ ...common, dueDates: dates.slice(0, count), fixedAmountFen: each })
  } else {
    newInstallments = amortise({ ...common, dueDates: dates })
  }
  const newInterest = newInstallments.reduce((s, r) => s + r.interestFen, 0)
  const quote: EarlyRepaymentQuote = {
    ...base,
    mode: options.mode,
    payFen: amountFen,
    principalRepaidFen,
    remainingPrincipalFen: remaining,
    newInstallments,
    interestSavedFen: scheduledFutureInterest - accruedInterestFen - newInterest,
    refundFen: 0,
  }
  return { ok: true, value: { quote, accrued, past } }
}

/**
 * What repaying early on `onDate` costs: the cash to pay, how it splits, and the installments
 * afterwards. A refusal (`ok: false`) carries a zh-CN message to show as it is.
 */
export function quoteEarlyRepayment(state: LoanState, onDate: CivilDate, options: EarlyRepaymentOptions): QuoteResult<EarlyRepaymentQuote> {
  const planned = plan(state, onDate, options)
  return planned.ok ? { ok: true, value: planned.value.quote } : planned
}

/**
 * Records an early repayment received on `onDate`: the due installments are paid, an
 * `early_repayment` row dated `onDate` records the interest to the day and the principal repaid,
 * and the future installments are replaced by the quote's. For `full`, `amountFen` is the cash
 * received (default: exactly the quote); anything above the quote comes back as `leftoverFen`.
 * Principals over all rows still sum to the amount lent, and Σ paid grows by exactly the cash kept.
 */
export function applyEarlyRepayment(state: LoanState, onDate: CivilDate, options: EarlyRepaymentOptions): QuoteResult<EarlyRepaymentResult> {
  const planned = plan(state, onDate, options)
  if (!planned.ok) return planned
  const { quote, accrued, past } = planned.value
  const cash = options.mode === 'full' ? (options.amountFen ?? quote.payFen) : quote.payFen
  if (!Number.isInteger(cash) || cash < quote.payFen) {
    return fail('amount_too_small', `全部结清需要 ${formatFen(quote.payFen)} 元，收到的金额不足`)
  }
  // Money paid ahead on the replaced installments joins the cash in one pool.
  let pool = cash + quote.creditFen
  const paidPast = [...past]
    .sort((a, b) => compareDates(a.dueDate, b.dueDate) || a.n - b.n)
    .map((row) => {
      const owed = owedOn(row)
      pool -= duesTotal(owed)
      return { ...row, paid: addDues(row.paid, owed) }
    })
  const rows: InstallmentState[] = [...paidPast]
  const earlyTotal = quote.accruedInterestFen + quote.principalRepaidFen
  if (earlyTotal > 0) {
    pool -= earlyTotal
    const n = past.reduce((m, r) => Math.max(m, r.n), 0) + 1
    rows.push({
      n,
      dueDate: onDate,
      principalFen: quote.principalRepaidFen,
      interestFen: quote.accruedInterestFen,
      feeFen: 0,
      totalFen: earlyTotal,
      remainingPrincipalFen: quote.remainingPrincipalFen,
      kind: 'early_repayment',
      paid: { ...ZERO_DUES, interestFen: quote.accruedInterestFen, principalFen: quote.principalRepaidFen },
      penaltyFen: 0,
      penaltyAccruedThrough: null,
    })
  }
  for (const row of quote.newInstallments) {
    rows.push({ ...row, kind: 'scheduled', paid: { ...ZERO_DUES }, penaltyFen: 0, penaltyAccruedThrough: null })
  }
  return { ok: true, value: { state: { ...accrued, installments: rows }, quote, leftoverFen: pool } }
}
