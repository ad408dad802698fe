import type { Transaction } from 'kysely'
import type { Config } from '../../config'
import type { Database } from '../../platform/db'
import { AppError, errors } from '../../platform/errors'
import type { LoanTables, LoansDb } from './schema'

/** The loans' settings (config `loans`). */
export type LoansSettings = Config['loans']

export const DEFAULT_LOANS_SETTINGS: LoansSettings = { aprCapBp: 1200, loansAtOnce: 1, repaymentHoldMs: 15 * 60_000, graceDays: 3, penaltyRatePercent: 150, maxAmountFen: 2_000_000 }

/**
 * The disbursement side (modules/loans/disbursement.ts, the loans-transfer slice): starts WeChat
 * Pay's merchant transfer of an approved loan to the borrower, once per loan, and calls back
 * `onDisbursed(loanId, at)` — exactly once in effect, however often WeChat's notification comes.
 */
export interface LoanDisbursementStarter {
  start(input: { loanId: string; userId: string; openid: string; amountFen: number }): Promise<unknown>
}

export interface LoansDeps {
  db: LoansDb
  now: () => number
  settings: LoansSettings
  /** How long a started payment may take (the payments module's timeout): a repayment hold never ends before it. */
  paymentTimeoutMs: number
}

export const loanErrors = {
  productNotFound: () => errors.notFound('没有找到这个贷款产品'),
  loanNotFound: () => errors.notFound('没有找到这笔贷款'),
  repaymentNotFound: () => errors.notFound('没有找到这笔还款'),
  state: (message: string) => new AppError(409, 'LOAN_STATE_CONFLICT', message),
  quota: (message: string) => new AppError(409, 'QUOTA_EXCEEDED', message),
  conflict: (message: string) => new AppError(409, 'CONFLICT', message),
  notAnOfficer: () => new AppError(403, 'NOT_A_LOAN_OFFICER', '这个账号不是信贷员账号，不能使用信贷员工作台'),
  ownApplication: () => new AppError(403, 'OWN_APPLICATION', '这是您本人的借款申请，按规定要由其他信贷员审批'),
  field: (field: string, message: string) => errors.validation([{ field, message }]),
}

/** A transaction over the loans' tables (the payments module hands its own; widened here). */
export function loansTx(tx: Transaction<Database>): Transaction<Database & LoanTables> {
  return tx.withTables<LoanTables>()
}

export { affected, isUniqueViolation } from '../../platform/db/rows'
export { newSortableId as sortableId } from '../../platform/ids'
