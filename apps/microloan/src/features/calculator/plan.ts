// The calculator's arithmetic, offline: the same @tianyuan/loans the API quotes with, fed the
// product's terms the way the API feeds them, so that what the borrower sees before applying is
// what the server will put in the contract (the simulator suite compares the two, fen for fen).
// Imported only by subpackage pages: @tianyuan/loans never reaches the main package.
import { formatRatePercent } from '@tianyuan/contracts/loans-rules'
import type { LoanMethod, LoanProduct, ScheduleInstallment } from '@tianyuan/contracts/types'
import { buildSchedule, type LoanFee, type RepaymentMethod } from '@tianyuan/loans'
import { formatYuan } from '../products/money'

/** What the borrower picked. */
export interface PlanChoice {
  amountFen: number
  termMonths: number
  method: LoanMethod
}

/** A schedule and its totals in the shape of the server's quote (LoanQuote), so one table shows both. */
export interface Plan extends PlanChoice {
  /** IRR over every cash flow, fees included (a fraction) and its text: shown first and largest. */
  apr: number
  aprText: string
  annualRateBp: number
  totalInterestFen: number
  totalFeeFen: number
  /** principal + interest + fees: everything paid back. */
  totalRepayFen: number
  startDate: string
  schedule: ScheduleInstallment[]
}

/** bp of an amount in fen, rounded half-up to the fen (the API's rule for fees). */
export const bpOf = (amountFen: number, bp: number): number => Math.floor((amountFen * bp + 5000) / 10000)

/** The product's fee for this amount, as the API gives it to @tianyuan/loans: a flat fee with every installment. */
export function feesOf(product: Pick<LoanProduct, 'installmentFeeBp'>, amountFen: number): LoanFee[] {
  return product.installmentFeeBp > 0 ? [{ kind: 'per_installment', amountFen: bpOf(amountFen, product.installmentFeeBp), label: '服务费' }] : []
}

/** The schedule for a choice, from `startDate` (today in Shanghai): what the API's quote would say. */
export function planOf(product: LoanProduct, choice: PlanChoice, startDate: string): Plan {
  const schedule = buildSchedule({
    principalFen: choice.amountFen,
    annualRateBp: product.annualRateBp,
    termMonths: choice.termMonths,
    // The contracts name the methods as @tianyuan/loans does (loans-rules LOAN_METHODS).
    method: choice.method satisfies RepaymentMethod,
    startDate,
    fees: feesOf(product, choice.amountFen),
  })
  return {
    ...choice,
    apr: schedule.apr,
    // The same words as the API's quote (loans-rules), so the two read alike to the digit.
    aprText: formatRatePercent(schedule.apr),
    annualRateBp: product.annualRateBp,
    totalInterestFen: schedule.totals.interestFen,
    totalFeeFen: schedule.totals.feesFen,
    totalRepayFen: schedule.totals.principalFen + schedule.totals.costFen,
    startDate,
    schedule: schedule.installments.map((row) => ({
      seq: row.n,
      dueDate: row.dueDate,
      principalFen: row.principalFen,
      interestFen: row.interestFen,
      feeFen: row.feeFen,
      totalFen: row.totalFen,
      remainingPrincipalFen: row.remainingPrincipalFen,
    })),
  }
}

/** What is wrong with an amount for this product, in words a borrower can act on; null when it will do. */
export function amountProblem(product: Pick<LoanProduct, 'minAmountFen' | 'maxAmountFen' | 'amountStepFen'>, amountFen: number | undefined): string | null {
  if (amountFen === undefined) return '请填写要借多少钱（元）'
  if (amountFen < product.minAmountFen || amountFen > product.maxAmountFen) return `这个贷款能借 ${formatYuan(product.minAmountFen)} 到 ${formatYuan(product.maxAmountFen)} 元`
  if (product.amountStepFen > 0 && (amountFen - product.minAmountFen) % product.amountStepFen !== 0) return `请按 ${formatYuan(product.amountStepFen)} 元一档填写，比如 ${formatYuan(product.minAmountFen + product.amountStepFen)} 元`
  return null
}

/** A few round amounts within the product's range to tap instead of typing: its least, most, and 1/2/3/5 万 between. */
export function amountPresets(product: Pick<LoanProduct, 'minAmountFen' | 'maxAmountFen' | 'amountStepFen'>): number[] {
  const round = [500_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000]
  const inside = round.filter((a) => a > product.minAmountFen && a < product.maxAmountFen && amountProblem(product, a) === null)
  return [product.minAmountFen, ...inside.slice(0, 3), product.maxAmountFen].filter((a, i, all) => all.indexOf(a) === i)
}

/** The monthly figure in words, less prominent than the APR: '每月还 1,037.03 元' or '第一期 … 最后一期 …'. */
export function installmentWords(plan: Pick<Plan, 'schedule'>): string {
  const rows = plan.schedule
  const first = rows[0]
  const last = rows[rows.length - 1]
  if (!first || !last) return ''
  if (rows.length === 1) return `到期一次还 ${formatYuan(first.totalFen)} 元`
  const middle = rows.slice(0, -1)
  if (middle.every((r) => r.totalFen === first.totalFen)) {
    return last.totalFen === first.totalFen ? `每期还 ${formatYuan(first.totalFen)} 元` : `每期还 ${formatYuan(first.totalFen)} 元，最后一期 ${formatYuan(last.totalFen)} 元`
  }
  return `第一期还 ${formatYuan(first.totalFen)} 元，以后逐期减少，最后一期 ${formatYuan(last.totalFen)} 元`
}
