// The catalogue's paths below /api and the pages that show it (types only from the contracts).
import type { ConsultMode, DoctorFees } from '@tianyuan/contracts/types'

export const DEPARTMENTS_PATH = '/clinic/departments'
export const DOCTORS_PATH = '/clinic/doctors'
export const doctorPath = (id: string) => `${DOCTORS_PATH}/${encodeURIComponent(id)}`

export interface DoctorFilter {
  q?: string
  department?: string
  page?: number
  size?: number
}

const query = (pairs: Record<string, string | undefined>) => {
  const parts = Object.entries(pairs)
    .filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/** The doctor list opened by a department tile or a search. */
export const doctorListUrl = (filter: { q?: string; department?: string; title?: string }) => `/pkg/pages/doctors/index${query(filter)}`

/** A doctor's page; with `reschedule`, choosing a slot moves that appointment instead of booking. */
export const doctorUrl = (id: string, reschedule?: string) => `/pkg/pages/doctor/index${query({ id, reschedule })}`

/** The lowest fee of the modes a doctor offers (null: offers none), for "¥10 起". */
export function lowestFee(fees: DoctorFees): number | null {
  const offered = Object.values(fees).filter((f): f is number => f !== null)
  return offered.length ? Math.min(...offered) : null
}

export const MODES: ConsultMode[] = ['text', 'phone', 'video']
