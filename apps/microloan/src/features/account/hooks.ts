import type { MeResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'

export const ME_PATH = '/me'

/**
 * The signed-in account and its roles: asked once, so 我的 shows the credit officer's
 * workbench only to a 'loan_officer' and a borrower makes no request that could only answer 403.
 */
export function useMe(enabled = true) {
  return useQuery<MeResponse>(ME_PATH, { enabled })
}
