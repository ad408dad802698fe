import type { MeResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'

export const ME_PATH = '/me'

/** The signed-in account and its roles: 我的 offers the teacher's workbench only to a teacher, without probing its routes for a 403. */
export function useMe(enabled = true) {
  return useQuery<MeResponse>(ME_PATH, { enabled })
}
