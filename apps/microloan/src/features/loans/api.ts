import type { CreateRepaymentRequest, Loan, LoanContract, LoanContractResponse, Repayment, RepaymentQuote, RepaymentQuoteRequest, RepaymentQuoteResponse, RepaymentResponse } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'

/** The payments module's kind for a repayment: named once, in @tianyuan/contracts/payments-rules. */
export { LOAN_REPAYMENT_KIND } from '@tianyuan/contracts/payments-rules'

export const MY_LOANS_PATH = '/loans/my'
export const loanPath = (id: string) => `${MY_LOANS_PATH}/${encodeURIComponent(id)}`
export const contractPath = (id: string) => `${loanPath(id)}/contract`

/**
 * How far along a loan is, for `useAction`: every change adds an event (a decision, the
 * disbursement, settling) or a ledger entry (each repayment), and accepting the contract stamps
 * it; the copy with more of them is the newer one.
 */
export const versionOf = (loan: Loan): number => loan.events.length * 10_000 + loan.ledger.length * 10 + loan.repayments.length + (loan.contract?.acceptedAt ? 5 : 0)

/** The amount to the day for the next `count` installments, or for everything (early payoff): asked before the borrower pays. */
export function quoteRepayment(loanId: string, request: RepaymentQuoteRequest): Promise<RepaymentQuote> {
  // A read in POST form: nothing changes on the server.
  return sdk.api.request<RepaymentQuoteResponse>({ method: 'POST', path: `${loanPath(loanId)}/repayment-quote`, body: request }).then((r) => r.quote)
}

/**
 * Starts a repayment of exactly what was quoted (the server answers 409 QUOTE_CHANGED with the
 * new amount if a day has passed). One Idempotency-Key per tap, reused on every retry: a lost
 * answer never makes two repayments; the payment itself then goes through usePay.
 */
export async function startRepayment(loanId: string, request: CreateRepaymentRequest, idempotencyKey?: string): Promise<Repayment> {
  return (await sdk.api.mutate<RepaymentResponse>({ method: 'POST', path: `${loanPath(loanId)}/repayments`, body: request, idempotencyKey, label: '还款' })).data.repayment
}

/** The borrower accepts the contract whose text has this SHA-256 (the exact text they were shown). */
export async function acceptContract(loanId: string, sha256: string): Promise<LoanContract> {
  return (await sdk.api.mutate<LoanContractResponse>({ method: 'POST', path: `${contractPath(loanId)}/accept`, body: { sha256 }, label: '确认合同' })).data.contract
}
