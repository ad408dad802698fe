// @tianyuan/loans — loan arithmetic in integer fen, no dependencies (see README.md).
// Money: integer fen. Rates: integer basis points per year (800 = 8 %). Dates: Shanghai civil
// dates 'YYYY-MM-DD'. The API is authoritative; the microloan app runs the same code offline.
export type {
  Allocation,
  CivilDate,
  DatedCashFlow,
  Dues,
  EarlyRepaymentMode,
  EarlyRepaymentOptions,
  EarlyRepaymentQuote,
  EarlyRepaymentResult,
  Installment,
  InstallmentAllocation,
  InstallmentState,
  InstallmentStatus,
  LoanFee,
  LoansErrorCode,
  LoanState,
  LoanTerms,
  Outstanding,
  PaymentResult,
  PenaltyPolicy,
  PeriodCashFlow,
  QuoteResult,
  RepaymentMethod,
  Schedule,
  ScheduleTotals,
} from './types'
export { REPAYMENT_METHOD_DESCRIPTIONS, REPAYMENT_METHOD_LABELS, REPAYMENT_METHODS } from './labels'
export { MAX_ANNUAL_RATE_BP, MAX_GRACE_DAYS, MAX_PENALTY_RATE_BP, MAX_PRINCIPAL_FEN, MAX_TERM_MONTHS, MIN_PRINCIPAL_FEN } from './limits'
export { addDays, addMonths, compareDates, daysBetween, daysInMonth, isCivilDate, parseCivilDate } from './dates'
export { divRoundHalfUp, formatFen, formatRateBp, mulDivRoundHalfUp, roundFen } from './money'
export { annualisedRate, periodicIrr, toBasisPoints, xirr } from './apr'
export {
  amortise,
  buildSchedule,
  dueDates,
  equalInstallmentFen,
  feeParts,
  monthlyInterestFen,
  periodMonths,
  scheduleCashFlows,
  validateTerms,
} from './schedule'
export type { AmortisationInput } from './schedule'
export { ALLOCATION_ORDER, addDues, allocatePayment, duesTotal, ZERO_DUES } from './allocation'
export {
  accruePenalty,
  applyPayment,
  createLoanState,
  isSettled,
  outstanding,
  owedOn,
  penaltyInterestFen,
  totalOwed,
  totalPaid,
  validatePenaltyPolicy,
} from './state'
export { applyEarlyRepayment, interestForDaysFen, quoteEarlyRepayment } from './early'
