import type { Appointment, AppointmentResponse, CreateAppointmentRequest } from '@tianyuan/contracts/types'
import { isSdkError } from '@tianyuan/sdk'
import { sdk } from '../../sdk'

export const APPOINTMENTS_PATH = '/clinic/appointments'
/** The payments module's kind for a consultation fee: named once, in @tianyuan/contracts/payments-rules. */
export { CLINIC_APPOINTMENT_KIND } from '@tianyuan/contracts/payments-rules'

export const bookUrl = (doctorId: string, slotId: string) => `/pkg/pages/book/index?doctor=${encodeURIComponent(doctorId)}&slot=${encodeURIComponent(slotId)}`

/**
 * Books a slot. Not queued offline: a booking holds one of few places for 15 minutes and must be
 * paid at once, so it is made only while the patient is here and online (the draft keeps what
 * they wrote meanwhile). Every retry carries the same Idempotency-Key; when retries run out the
 * error carries it and 再试一次 passes it back, so a lost answer never takes a second place.
 */
export async function bookSlot(request: CreateAppointmentRequest, idempotencyKey?: string): Promise<Appointment> {
  const result = await sdk.api.mutate<AppointmentResponse>({ method: 'POST', path: APPOINTMENTS_PATH, body: request, idempotencyKey, label: '预约' })
  return result.data.appointment
}

/** The key to reuse when trying a failed booking again (undefined: nothing reached the server). */
export function retryKeyOf(error: unknown): string | undefined {
  return isSdkError(error) ? error.idempotencyKey : undefined
}
