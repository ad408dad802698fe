import type { LoanContractResponse, LoanResponse, LoansResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { contractPath, loanPath, MY_LOANS_PATH } from './api'

/** The borrower's loans and applications, newest first: the stored copy at once, then the server's. */
export function useMyLoans(enabled = true) {
  return useQuery<LoansResponse>(MY_LOANS_PATH, { enabled })
}

export function useLoan(id: string | undefined, enabled = true) {
  return useQuery<LoanResponse>(loanPath(id ?? ''), { enabled: enabled && Boolean(id) })
}

export function useContract(id: string | undefined, enabled = true) {
  return useQuery<LoanContractResponse>(contractPath(id ?? ''), { enabled: enabled && Boolean(id) })
}
