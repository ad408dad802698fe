import type { MeResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'

export const ME_PATH = '/me'

/**
 * The signed-in account and its roles (doctor, seller): asked once, so 我的 knows what to offer
 * without probing the doctor's or the seller's routes for a 403 or 404.
 */
export function useMe(enabled = true) {
  return useQuery<MeResponse>(ME_PATH, { enabled })
}
