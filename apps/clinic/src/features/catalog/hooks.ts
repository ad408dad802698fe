import type { DepartmentsResponse, DoctorPage, DoctorResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { DEPARTMENTS_PATH, DOCTORS_PATH, doctorPath, type DoctorFilter } from './api'

/** Departments change only with a migration: a copy under an hour old is shown without asking. */
export function useDepartments() {
  return useQuery<DepartmentsResponse>(DEPARTMENTS_PATH, { staleMs: 60 * 60_000 })
}

/** One page of doctors (the stored copy at once, then the server's). */
export function useDoctors(filter: DoctorFilter) {
  return useQuery<DoctorPage>(DOCTORS_PATH, { params: { ...filter } })
}

/** The doctor and the next 7 days of slots; places change by the minute, so always revalidated. */
export function useDoctor(id: string | undefined) {
  return useQuery<DoctorResponse>(doctorPath(id ?? ''), { enabled: Boolean(id) })
}
