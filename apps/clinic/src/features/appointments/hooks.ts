import type { AppointmentPage, AppointmentResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { APPOINTMENTS_PATH } from '../booking/api'
import { appointmentPath } from './api'

export function useAppointments(enabled = true) {
  return useQuery<AppointmentPage>(APPOINTMENTS_PATH, { enabled, params: { size: 30 } })
}

export function useAppointment(id: string | undefined, enabled = true) {
  return useQuery<AppointmentResponse>(appointmentPath(id ?? ''), { enabled: enabled && Boolean(id) })
}
