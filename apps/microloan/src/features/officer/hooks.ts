import type { LoanOfficerMeResponse, LoansResponse, OfficerLoanResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { OFFICER_ME_PATH, OFFICER_QUEUE_PATH, officerLoanPath } from './api'

/** This account's officer record; a 403 NOT_A_LOAN_OFFICER means a borrower's account (no workbench). */
export function useOfficerMe() {
  return useQuery<LoanOfficerMeResponse>(OFFICER_ME_PATH, { staleMs: 10 * 60_000 })
}

/** Applications waiting for a decision (submitted and under review), oldest first; or one status. */
export function useOfficerQueue(status?: string) {
  return useQuery<LoansResponse>(OFFICER_QUEUE_PATH, { params: { status } })
}

export function useOfficerLoan(id: string | undefined) {
  return useQuery<OfficerLoanResponse>(officerLoanPath(id ?? ''), { enabled: Boolean(id) })
}
