// Repayment schedules for the four methods, exact to the fen.
//
// Rounding rule: each installment's interest is the outstanding principal × (annual rate ÷ 12),
// rounded half-up to the fen, whatever the month's length (the monthly convention of Chinese bank
// schedules). The equal installment is the annuity formula rounded half-up to the fen; the equal
// principal is the amount ÷ months rounded down. The last installment takes whatever principal is
// left, so principals always sum exactly to the amount lent.
// `bullet` (到期一次还本付息): simple interest amount × rate × months ÷ 12, one payment at the end.
import { annualisedRate, toBasisPoints } from './apr'
import { addMonths, isCivilDate } from './dates'
import { MAX_ANNUAL_RATE_BP, MAX_PRINCIPAL_FEN, MAX_TERM_MONTHS, MIN_PRINCIPAL_FEN } from './limits'
import { divRoundHalfUp, roundFen } from './money'
import { REPAYMENT_METHODS } from './labels'
import type { CivilDate, Installment, LoanFee, LoanTerms, PeriodCashFlow, RepaymentMethod, Schedule } from './types'

/** Interest for one month on `principalFen` at `annualRateBp`, rounded half-up to the fen. */
export function monthlyInterestFen(principalFen: number, annualRateBp: number): number {
  return divRoundHalfUp(principalFen * annualRateBp, 120_000)
}

/** The equal monthly installment (annuity, like Excel's PMT) for `months`, rounded half-up to the fen. */
export function equalInstallmentFen(principalFen: number, annualRateBp: number, months: number): number {
  if (months <= 0) return principalFen
  const r = annualRateBp / 120_000
  if (r === 0) return roundFen(principalFen / months)
  return roundFen((principalFen * r) / (1 - Math.pow(1 + r, -months)))
}

/** The upfront fees (paid separately at disbursement) and the fee added to each installment. */
export function feeParts(fees: readonly LoanFee[]): { upfrontFen: number; perInstallmentFen: number } {
  let upfrontFen = 0
  let perInstallmentFen = 0
  for (const fee of fees) {
    if (fee.kind === 'upfront') upfrontFen += fee.amountFen
    else perInstallmentFen += fee.amountFen
  }
  return { upfrontFen, perInstallmentFen }
}

function isNonNegativeInt(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max
}

/** What is wrong with `terms`, in zh-CN sentences a person can act on; empty when they are usable. */
export function validateTerms(terms: LoanTerms): string[] {
  const problems: string[] = []
  if (!isNonNegativeInt(terms.principalFen, MAX_PRINCIPAL_FEN) || terms.principalFen < MIN_PRINCIPAL_FEN) {
    problems.push(`借款金额应为 ${MIN_PRINCIPAL_FEN / 100} 元到 ${MAX_PRINCIPAL_FEN / 100} 元之间的整数分`)
  }
  if (!isNonNegativeInt(terms.annualRateBp, MAX_ANNUAL_RATE_BP)) {
    problems.push(`年利率应在 0 到 ${MAX_ANNUAL_RATE_BP / 100}% 之间（以基点计，1 基点 = 0.01%）`)
  }
  if (!isNonNegativeInt(terms.termMonths, MAX_TERM_MONTHS) || terms.termMonths < 1) {
    problems.push(`借款期限应为 1 到 ${MAX_TERM_MONTHS} 个月`)
  }
  if (!REPAYMENT_METHODS.includes(terms.method)) problems.push('请选择还款方式')
  if (!isCivilDate(terms.startDate)) problems.push('放款日期无效（应为 YYYY-MM-DD）')
  if (!Array.isArray(terms.fees)) problems.push('费用格式不正确')
  else {
    for (const fee of terms.fees) {
      if ((fee.kind !== 'upfront' && fee.kind !== 'per_installment') || !isNonNegativeInt(fee.amountFen, MAX_PRINCIPAL_FEN)) {
        problems.push('每项费用应为一次性或每期收取的非负整数分')
        break
      }
    }
    // The borrower pays upfront fees out of pocket; ones that eat the whole loan make no sense
    // (and would leave no rate of return to disclose).
    const upfront = terms.fees.reduce((sum, fee) => sum + (fee.kind === 'upfront' && Number.isInteger(fee.amountFen) ? fee.amountFen : 0), 0)
    if (isNonNegativeInt(terms.principalFen, MAX_PRINCIPAL_FEN) && upfront >= terms.principalFen) problems.push('一次性费用不能达到或超过借款金额')
  }
  return problems
}

/** How many months one payment period spans: 1, or the whole term for a single payment at harvest. */
export function periodMonths(method: RepaymentMethod, termMonths: number): number {
  return method === 'bullet' ? termMonths : 1
}

/** The due dates: the same day of each month after `startDate`, clamped to the month's end. */
export function dueDates(startDate: CivilDate, method: RepaymentMethod, termMonths: number): CivilDate[] {
  if (method === 'bullet') return [addMonths(startDate, termMonths)]
  return Array.from({ length: termMonths }, (_, i) => addMonths(startDate, i + 1))
}

export interface AmortisationInput {
  principalFen: number
  annualRateBp: number
  method: RepaymentMethod
  dueDates: readonly CivilDate[]
  feePerInstallmentFen: number
  /** Months the (single) period spans, for `bullet`. */
  bulletMonths?: number
  /** Interest for the first installment if it is not a whole month (after an early repayment). */
  firstInterestFen?: number
  /** Keep this installment amount (equal installment) or this principal per installment (equal principal). */
  fixedAmountFen?: number
  /** Number the first installment this. */
  firstN?: number
}

/**
 * Amortises `principalFen` over the given due dates. The building block of `buildSchedule` and of
 * the new schedule after an early repayment. Principals sum exactly to `principalFen`.
 */
export function amortise(input: AmortisationInput): Installment[] {
  const { principalFen, annualRateBp, method, feePerInstallmentFen } = input
  const dates = input.dueDates
  const count = dates.length
  const firstN = input.firstN ?? 1
  const rows: Installment[] = []
  let remaining = principalFen
  const installment = input.fixedAmountFen ?? equalInstallmentFen(principalFen, annualRateBp, count)
  const principalEach = input.fixedAmountFen ?? Math.floor(principalFen / count)
  for (let i = 0; i < count; i++) {
    const last = i === count - 1
    let interest: number
    if (i === 0 && input.firstInterestFen !== undefined) interest = input.firstInterestFen
    else if (method === 'bullet') interest = divRoundHalfUp(remaining * annualRateBp * (input.bulletMonths ?? 1), 120_000)
    else interest = monthlyInterestFen(remaining, annualRateBp)
    let principal: number
    if (last) principal = remaining
    else if (method === 'equal_installment') principal = Math.max(0, Math.min(installment - interest, remaining))
    else if (method === 'equal_principal') principal = Math.min(principalEach, remaining)
    else principal = 0
    remaining -= principal
    rows.push({
      n: firstN + i,
      dueDate: dates[i]!,
      principalFen: principal,
      interestFen: interest,
      feeFen: feePerInstallmentFen,
      totalFen: principal + interest + feePerInstallmentFen,
      remainingPrincipalFen: remaining,
    })
    if (remaining === 0 && (method === 'equal_installment' || method === 'equal_principal') && input.fixedAmountFen !== undefined) break
  }
  return rows
}

/** The borrower's cash flows in payment periods: +principal − upfront fees at 0, −installment at k. */
export function scheduleCashFlows(principalFen: number, upfrontFen: number, installments: readonly Installment[]): PeriodCashFlow[] {
  return [{ period: 0, amountFen: principalFen - upfrontFen }, ...installments.map((row, i) => ({ period: i + 1, amountFen: -row.totalFen }))]
}

/**
 * The full schedule for `terms`: installments, totals and the APR (IRR over every cash flow,
 * fees included, annualised nominally: periodic IRR × periods per year). Throws a RangeError
 * with the zh-CN problems when the terms are unusable (check `validateTerms` first to answer 400).
 */
export function buildSchedule(terms: LoanTerms): Schedule {
  const problems = validateTerms(terms)
  if (problems.length > 0) throw new RangeError(problems.join('；'))
  const { upfrontFen, perInstallmentFen } = feeParts(terms.fees)
  const installments = amortise({
    principalFen: terms.principalFen,
    annualRateBp: terms.annualRateBp,
    method: terms.method,
    dueDates: dueDates(terms.startDate, terms.method, terms.termMonths),
    feePerInstallmentFen: perInstallmentFen,
    bulletMonths: terms.termMonths,
  })
  let interestFen = 0
  let installmentFeesFen = 0
  let repaymentFen = 0
  for (const row of installments) {
    interestFen += row.interestFen
    installmentFeesFen += row.feeFen
    repaymentFen += row.totalFen
  }
  const periodsPerYear = 12 / periodMonths(terms.method, terms.termMonths)
  // Valid terms always have an IRR: the borrower receives something (fees < principal), then repays.
  const apr = annualisedRate(scheduleCashFlows(terms.principalFen, upfrontFen, installments), periodsPerYear)
  if (apr === null) throw new Error('APR: the IRR did not converge')
  const feesFen = upfrontFen + installmentFeesFen
  return {
    terms,
    installments,
    totals: {
      principalFen: terms.principalFen,
      interestFen,
      feesFen,
      repaymentFen,
      costFen: interestFen + feesFen,
      upfrontFeesFen: upfrontFen,
    },
    apr,
    aprBp: toBasisPoints(apr),
  }
}
