import type { Loan, OfficerLoanResponse } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'

export const OFFICER_ME_PATH = '/loans/officer/me'
export const OFFICER_QUEUE_PATH = '/loans/officer/applications'
export const officerLoanPath = (id: string) => `${OFFICER_QUEUE_PATH}/${encodeURIComponent(id)}`

/** One step of the credit officer's: start the review, approve or reject with a reason, disburse. The changed loan. */
async function decide(id: string, step: 'start-review' | 'approve' | 'reject' | 'disburse', label: string, body: unknown): Promise<Loan> {
  const answer = (await sdk.api.mutate<OfficerLoanResponse | { loan: Loan }>({ method: 'POST', path: `${officerLoanPath(id)}/${step}`, body, label })).data
  return answer.loan
}

export const startReview = (id: string) => decide(id, 'start-review', '开始审核', {})
export const approveLoan = (id: string, reason: string) => decide(id, 'approve', '批准', { reason })
export const rejectLoan = (id: string, reason: string) => decide(id, 'reject', '拒绝', { reason })
export const disburseLoan = (id: string) => decide(id, 'disburse', '放款', {})
