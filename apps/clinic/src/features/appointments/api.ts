import type { Appointment, AppointmentResponse, CancellationQuote, RateRequest } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'
import { APPOINTMENTS_PATH } from '../booking/api'

export const appointmentPath = (id: string) => `${APPOINTMENTS_PATH}/${encodeURIComponent(id)}`
export const appointmentUrl = (id: string) => `/pkg/pages/appointment/index?id=${encodeURIComponent(id)}`
export const appointmentsUrl = '/pkg/pages/appointments/index'
export const chatUrl = (id: string, as: 'patient' | 'doctor' = 'patient') => `/pkg/pages/chat/index?id=${encodeURIComponent(id)}${as === 'doctor' ? '&as=doctor' : ''}`

/** One step of an appointment (cancel, reschedule, rate; the doctor's start and finish): the changed appointment. */
export async function changeAppointment(path: string, label: string, body?: unknown): Promise<Appointment> {
  return (await sdk.api.mutate<AppointmentResponse>({ method: 'POST', path, body, label })).data.appointment
}

/** What cancelling now would refund, and the rule in words: asked fresh, shown before the user confirms. */
export function quoteCancellation(id: string): Promise<CancellationQuote> {
  return sdk.api.get<CancellationQuote>(`${appointmentPath(id)}/cancellation`)
}

/** Cancels; a refund owed starts at once (or within a minute if WeChat is unreachable). */
export const cancelAppointment = (id: string) => changeAppointment(`${appointmentPath(id)}/cancel`, '取消预约')

/** Moves a paid or unpaid booking to another slot of the same doctor. */
export const rescheduleAppointment = (id: string, slotId: string) => changeAppointment(`${appointmentPath(id)}/reschedule`, '改约', { slotId })

/** Once per visit (the API refuses a second). */
export const rateVisit = (id: string, rating: RateRequest) => changeAppointment(`${appointmentPath(id)}/rating`, '评价', rating)

/**
 * How far along an appointment is, for `useAction`: an action's answer (cancelled, rated,
 * started…) is shown until the refetched copy has caught up with it. Every change adds an
 * event, so the copy with more events is the newer one.
 */
export const versionOf = (a: Appointment): number => a.events.length

/** Upcoming first: what still needs the patient (to pay, to attend) before what is over. */
export function isUpcoming(a: Appointment): boolean {
  return a.status === 'pending_payment' || a.status === 'booked' || a.status === 'in_consultation'
}
