import type { Appointment, CreatePaymentResponse, PaymentResponse } from '@tianyuan/contracts'
import { describeEachDatabase } from '../../testing/databases'
import type { Harness } from '../../testing/harness'
import { payAtCashier, until, useSandboxHarness } from '../../testing/payments-sandbox'
import { CLINIC_APPOINTMENT_KIND } from './payable'
import { book, json, newDoctor, newPatient, schedule, type TestDoctor, type TestPatient } from './testing'

/**
 * Only the clinic decides a consultation fee's refund (a cancellation under the 2-hour rule); the
 * payments module carries it out. A patient cannot refund their own payment.
 */
describeEachDatabase('clinic refunds start only from the clinic’s decision', (fresh) => {
  const sandbox = useSandboxHarness(fresh)
  let h: Harness
  let doctor: TestDoctor
  let patient: TestPatient

  beforeAll(async () => {
    h = sandbox.h
    doctor = await newDoctor(h, { fees: { text: 1800, phone: 2600, video: 3900 } })
    patient = await newPatient(h)
  })

  const get = async (id: string) => (await json<{ appointment: Appointment }>(await h.request('GET', `/api/clinic/appointments/${id}`, { token: patient.token }), 200)).appointment
  const paymentOf = async (id: string) => (await json<PaymentResponse>(await h.request('GET', `/api/payments/${id}`, { token: patient.token }), 200)).payment

  test('a patient cannot refund a booked appointment inside the 2-hour window: nothing is refunded, it stays 已预约', async () => {
    const slot = (await schedule(h, doctor.id)).filter((s) => Date.parse(s.startsAt) > h.clock.now() + 3 * 3600_000)[0]
    if (!slot) throw new Error('no later slot')
    const a = await book(h, patient, slot.id, 'video')
    const created = await json<CreatePaymentResponse>(await h.request('POST', '/api/payments', { token: patient.token, json: { kind: CLINIC_APPOINTMENT_KIND, orderId: a.id } }), 201)
    expect(await payAtCashier(h, created.requestPayment)).toBe('requestPayment:ok')
    await until('paid', async () => (await paymentOf(created.payment.id)).status === 'paid')

    const realNow = h.clock.now()
    h.clock.t = Date.parse(slot.startsAt) - 3600_000 // one hour before: inside the no-refund window
    try {
      const res = await h.request('POST', `/api/payments/${created.payment.id}/refunds`, { token: patient.token, json: { amountFen: 3900, reason: '不去了' } })
      expect(res.status).toBe(404)
      expect(await paymentOf(created.payment.id)).toMatchObject({ status: 'paid', refundedFen: 0 })
      expect(await h.db.kysely.selectFrom('refunds').select('id').where('payment_id', '=', created.payment.id).execute()).toEqual([])
      expect(await get(a.id)).toMatchObject({ status: 'booked', refundFen: null })
    } finally {
      h.clock.t = realNow
    }
  })
})
