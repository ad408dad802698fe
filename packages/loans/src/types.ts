// The shapes every other module of @tianyuan/loans speaks. Money is integer fen (分) everywhere;
// rates are integer basis points per year (1 bp = 0.01 %, so 8 % = 800); dates are Shanghai civil
// dates 'YYYY-MM-DD' (the caller converts "now" to the Shanghai date; the arithmetic is timezone-free).

/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type CivilDate = string

/** 等额本息 · 等额本金 · 按月付息、到期还本 · 到期一次还本付息 (seasonal loans repaid at harvest). */
export type RepaymentMethod = 'equal_installment' | 'equal_principal' | 'interest_monthly' | 'bullet'

/**
 * A fee directly related to the loan; every one counts in the APR (PBOC 2021 No. 3).
 * - `upfront`: paid by the borrower separately at disbursement. It is never deducted from the
 *   principal (砍头息 is prohibited): the borrower receives the whole principal.
 * - `per_installment`: a flat fee added to every installment (a "monthly fee" for monthly methods;
 *   charged once, with the single payment, for `bullet`).
 */
export type LoanFee =
  | { kind: 'upfront'; amountFen: number; label?: string }
  | { kind: 'per_installment'; amountFen: number; label?: string }

export interface LoanTerms {
  /** The amount lent and paid out in full, in fen. */
  principalFen: number
  /** Nominal annual interest rate in basis points (800 = 8 %/yr); the monthly rate is this ÷ 12. */
  annualRateBp: number
  /** Number of months; equals the number of installments except for `bullet` (one payment). */
  termMonths: number
  method: RepaymentMethod
  /** The disbursement date (Shanghai); due dates fall on the same day of each following month. */
  startDate: CivilDate
  fees: readonly LoanFee[]
}

export interface Installment {
  /** 1-based number, in due-date order. */
  n: number
  dueDate: CivilDate
  principalFen: number
  interestFen: number
  feeFen: number
  /** principal + interest + fee. */
  totalFen: number
  /** Principal still owed after this installment is paid. */
  remainingPrincipalFen: number
}

export interface ScheduleTotals {
  principalFen: number
  interestFen: number
  /** Every fee: upfront ones plus per-installment ones. */
  feesFen: number
  /** Sum of the installments (what is repaid over time; the upfront fees are not in it). */
  repaymentFen: number
  /** interest + every fee: what borrowing costs in all. */
  costFen: number
  upfrontFeesFen: number
}

export interface Schedule {
  terms: LoanTerms
  installments: Installment[]
  totals: ScheduleTotals
  /**
   * The annualised rate by the IRR method over every cash flow, fees included, as a fraction
   * (0.12 = 12 %): the periodic IRR × periods per year (see `apr.ts`).
   */
  apr: number
  /** `apr` in basis points, rounded half-up to a whole basis point (12.00 % → 1200) for display. */
  aprBp: number
}

/** A cash flow `period` payment periods after disbursement; positive = to the borrower. */
export interface PeriodCashFlow {
  period: number
  amountFen: number
}

/** A dated cash flow; positive = to the borrower. */
export interface DatedCashFlow {
  date: CivilDate
  amountFen: number
}

/** What is owed (or allocated) in each bucket, in the allocation order's terms. */
export interface Dues {
  penaltyFen: number
  feeFen: number
  interestFen: number
  principalFen: number
}

export interface Allocation {
  /** What the payment covered in each bucket. */
  applied: Dues
  /** What is still owed in each bucket after the payment. */
  remaining: Dues
  /** The part of the payment nothing was owed for (to refund or keep as credit). */
  leftoverFen: number
}

/** Overdue policy: penalty interest on the overdue principal + interest once the grace period is over. */
export interface PenaltyPolicy {
  /** Annual penalty rate in basis points (e.g. 1.5 × the loan rate). 0 = no penalty interest. */
  penaltyRateBp: number
  /** Days after the due date within which a late payment costs nothing extra. */
  graceDays: number
}

/** One installment as the server persists it: the schedule row plus what has been paid against it. */
export interface InstallmentState extends Installment {
  /**
   * `scheduled`: a row of the contract's schedule; `early_repayment`: the row an early repayment
   * adds (interest to the day + principal repaid early), dated the repayment date.
   */
  kind: 'scheduled' | 'early_repayment'
  paid: Dues
  /** Penalty interest charged so far (owed or paid), in fen. */
  penaltyFen: number
  /** Penalty interest has been charged up to (and including) this date; null = never. */
  penaltyAccruedThrough: CivilDate | null
}

/** A disbursed loan as the server persists it (plain JSON). */
export interface LoanState {
  terms: LoanTerms
  penalty: PenaltyPolicy
  installments: InstallmentState[]
}

export interface InstallmentStatus {
  n: number
  dueDate: CivilDate
  /** Owed now on this installment, penalty included (0 when settled). */
  owed: Dues
  owedFen: number
  /** Days past the due date (0 if not yet due or settled). */
  daysLate: number
  /** Past the due date and the grace period with something still unpaid. */
  overdue: boolean
  settled: boolean
}

export interface Outstanding {
  onDate: CivilDate
  /** Due on or before `onDate` and unpaid, penalty included. */
  dueNow: Dues
  dueNowFen: number
  /** Principal not yet repaid (due or not). */
  principalOutstandingFen: number
  /** Any installment past due + grace and unpaid (the loan is 逾期). */
  overdue: boolean
  /** Every installment fully paid (the loan is 已结清). */
  settled: boolean
  /** The first unsettled installment, if any. */
  next: InstallmentStatus | null
  installments: InstallmentStatus[]
}

export type EarlyRepaymentMode = 'full' | 'shorten_term' | 'lower_installment'

export interface EarlyRepaymentOptions {
  mode: EarlyRepaymentMode
  /**
   * For partial modes: the cash the borrower pays on that day. It first covers what is already due
   * (overdue installments with their penalty) and the interest accrued to the day; the rest repays
   * principal. Ignored for `full`.
   */
  amountFen?: number
}

export interface EarlyRepaymentQuote {
  mode: EarlyRepaymentMode
  onDate: CivilDate
  /** Cash to pay on `onDate`. */
  payFen: number
  /** Installments due on or before `onDate` still unpaid, penalty included. */
  dueNow: Dues
  /** Interest on the outstanding principal from the last due date (or disbursement) to `onDate`, actual/365. */
  accruedInterestFen: number
  /** Days that interest was counted for. */
  accruedDays: number
  /** Principal repaid early. */
  principalRepaidFen: number
  /** Payments made in advance on installments that this repayment replaces, counted towards it. */
  creditFen: number
  /** Principal still owed afterwards (0 for `full`). */
  remainingPrincipalFen: number
  /** The installments after `onDate` as they will be (empty for `full`). */
  newInstallments: Installment[]
  /** Interest saved compared with the current schedule (scheduled future interest − accrued − new interest). */
  interestSavedFen: number
  /** Paid in advance beyond what a full repayment needs: to refund (only for `full`). */
  refundFen: number
}

/** A payment applied to one installment. */
export interface InstallmentAllocation {
  n: number
  applied: Dues
}

export interface PaymentResult {
  state: LoanState
  /** Installment by installment, oldest first. */
  allocations: InstallmentAllocation[]
  /** The sum of `allocations`. */
  applied: Dues
  /** Nothing is owed for this part (every installment paid): refund it. */
  leftoverFen: number
}

export interface EarlyRepaymentResult {
  state: LoanState
  quote: EarlyRepaymentQuote
  /** Cash received beyond the quote (full mode only): refund it. */
  leftoverFen: number
}

export type QuoteResult<T> = { ok: true; value: T } | { ok: false; code: LoansErrorCode; message: string }

export type LoansErrorCode =
  | 'invalid_state'
  | 'invalid_terms'
  | 'invalid_date'
  | 'invalid_amount'
  | 'amount_too_small'
  | 'amount_too_large'
  | 'before_start'
  | 'settled'
  | 'no_convergence'
