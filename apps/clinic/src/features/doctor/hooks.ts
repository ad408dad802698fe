import type { AppointmentResponse, DoctorAppointmentsResponse, DoctorMeResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { DOCTOR_APPOINTMENTS_PATH, DOCTOR_ME_PATH, doctorAppointmentPath } from './api'

/** This account's doctor record; a 403 NOT_A_DOCTOR means a patient's account (no workbench). */
export function useDoctorMe(enabled = true) {
  return useQuery<DoctorMeResponse>(DOCTOR_ME_PATH, { enabled, staleMs: 10 * 60_000 })
}

/** One Shanghai day of the doctor's appointments (today by default). */
export function useDoctorDay(date: string | undefined) {
  return useQuery<DoctorAppointmentsResponse>(DOCTOR_APPOINTMENTS_PATH, { params: { date } })
}

export function useDoctorAppointment(id: string | undefined) {
  return useQuery<AppointmentResponse>(doctorAppointmentPath(id ?? ''), { enabled: Boolean(id) })
}
