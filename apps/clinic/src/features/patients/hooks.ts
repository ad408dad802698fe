import type { PatientsResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { PATIENTS_PATH } from './api'

/** The account's family: the stored copy at once (a booking can start offline), then the server's. */
export function usePatients(enabled = true) {
  return useQuery<PatientsResponse>(PATIENTS_PATH, { enabled })
}
