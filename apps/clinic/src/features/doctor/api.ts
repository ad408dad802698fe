import type { FinishConsultationRequest } from '@tianyuan/contracts/types'
import { changeAppointment } from '../appointments/api'

export const DOCTOR_ME_PATH = '/clinic/doctor/me'
export const DOCTOR_APPOINTMENTS_PATH = '/clinic/doctor/appointments'
export const doctorAppointmentPath = (id: string) => `${DOCTOR_APPOINTMENTS_PATH}/${encodeURIComponent(id)}`

export const todayUrl = (date?: string) => `/doctor/pages/today/index${date ? `?date=${date}` : ''}`
export const visitUrl = (id: string) => `/doctor/pages/visit/index?id=${encodeURIComponent(id)}`

/** 开始问诊: a paid booking becomes 问诊中 (the patient sees it on their page). */
export const startVisit = (id: string) => changeAppointment(`${doctorAppointmentPath(id)}/start`, '开始问诊')

/** 结束问诊 with the advice (and a prescription): the visit record the patient keeps. Once only. */
export const finishVisit = (id: string, body: FinishConsultationRequest) => changeAppointment(`${doctorAppointmentPath(id)}/finish`, '结束问诊', body)
