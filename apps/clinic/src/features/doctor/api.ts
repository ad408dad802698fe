import type { Appointment, AppointmentResponse, FinishConsultationRequest } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'

export const DOCTOR_ME_PATH = '/clinic/doctor/me'
export const DOCTOR_APPOINTMENTS_PATH = '/clinic/doctor/appointments'
export const doctorAppointmentPath = (id: string) => `${DOCTOR_APPOINTMENTS_PATH}/${encodeURIComponent(id)}`

export const todayUrl = (date?: string) => `/doctor/pages/today/index${date ? `?date=${date}` : ''}`
export const visitUrl = (id: string) => `/doctor/pages/visit/index?id=${encodeURIComponent(id)}`

async function send(path: string, label: string, body?: unknown): Promise<Appointment> {
  const result = await sdk.api.mutate<AppointmentResponse>({ method: 'POST', path, body, label })
  if (result.status !== 'done') throw new Error('not sent')
  return result.data.appointment
}

/** 开始问诊: a paid booking becomes 问诊中 (the patient sees it on their page). */
export const startVisit = (id: string) => send(`${doctorAppointmentPath(id)}/start`, '开始问诊')

/** 结束问诊 with the advice (and a prescription): the visit record the patient keeps. Once only. */
export const finishVisit = (id: string, body: FinishConsultationRequest) => send(`${doctorAppointmentPath(id)}/finish`, '结束问诊', body)
