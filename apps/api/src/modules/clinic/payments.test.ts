import type { Appointment, CancellationQuote, CreatePaymentResponse, ErrorBody, PaymentResponse, RequestPaymentParams } from '@tianyuan/contracts'
import { describeEachDatabase } from '../../testing/databases'
import type { Harness } from '../../testing/harness'
import { payAtCashier, silent, until, useSandboxHarness } from '../../testing/payments-sandbox'
import { CLINIC_APPOINTMENT_KIND, startDueRefunds } from './payable'
import { clinicDb } from './schema'
import { book, bookedOf, json, newDoctor, newPatient, schedule, type TestDoctor, type TestPatient } from './testing'

/**
 * Consultation fees through the payments module (kind `clinic_appointment`) against the in-process
 * WeChat sandbox: the amount is the doctor's fee from our record; paying moves 待支付 → 已预约 once;
 * cancelling refunds by the 2-hour rule through refundPayment, and 已退款 follows WeChat's word.
 */
describeEachDatabase('clinic appointments through payments', (fresh) => {
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
  const cashier = (params: RequestPaymentParams) => payAtCashier(h, params)
  const payFor = async (appointment: Appointment) => {
    const created = await json<CreatePaymentResponse>(await h.request('POST', '/api/payments', { token: patient.token, json: { kind: CLINIC_APPOINTMENT_KIND, orderId: appointment.id } }), 201)
    expect(created.payment.amountFen).toBe(appointment.feeFen)
    expect(await cashier(created.requestPayment)).toBe('requestPayment:ok')
    // No notification reaches the harness: asking for the payment makes the server query WeChat.
    await until('paid', async () => (await json<PaymentResponse>(await h.request('GET', `/api/payments/${created.payment.id}`, { token: patient.token }), 200)).payment.status === 'paid')
    return created.payment.id
  }
  /** A slot starting at least 3 hours from now (real time). */
  const laterSlot = async (skip = 0) => {
    const slots = (await schedule(h, doctor.id)).filter((s) => Date.parse(s.startsAt) > h.clock.now() + 3 * 3600_000)
    const slot = slots[skip]
    if (!slot) throw new Error('no later slot')
    return slot
  }

  test('pay: the doctor’s fee for the mode, 待支付 → 已预约 once; paying again 409', async () => {
    const a = await book(h, patient, (await laterSlot(0)).id, 'video')
    expect(a.feeFen).toBe(3900)
    await payFor(a)
    const paid = await get(a.id)
    expect(paid).toMatchObject({ status: 'booked', statusWord: '已预约', payBefore: null })
    expect(paid.events.filter((e) => e.action === 'paid')).toHaveLength(1)
    const again = await h.request('POST', '/api/payments', { token: patient.token, json: { kind: CLINIC_APPOINTMENT_KIND, orderId: a.id } })
    expect(again.status).toBe(409)
    // Someone else cannot pay (or see) it.
    const stranger = await newPatient(h)
    expect((await h.request('POST', '/api/payments', { token: stranger.token, json: { kind: CLINIC_APPOINTMENT_KIND, orderId: a.id } })).status).toBe(404)
  })

  test('cancel exactly 2 hours before: full refund through the payment, then 已退款', async () => {
    const slot = await laterSlot(1)
    const a = await book(h, patient, slot.id, 'phone')
    const paymentId = await payFor(a)
    const realNow = h.clock.now()
    h.clock.t = Date.parse(slot.startsAt) - 2 * 3600_000
    const quote = await json<CancellationQuote>(await h.request('GET', `/api/clinic/appointments/${a.id}/cancellation`, { token: patient.token }), 200)
    expect(quote).toMatchObject({ cancellable: true, refundFen: 2600 })
    const cancelled = await json<{ appointment: Appointment }>(await h.request('POST', `/api/clinic/appointments/${a.id}/cancel`, { token: patient.token }), 200)
    expect(cancelled.appointment).toMatchObject({ status: 'cancelled', refundFen: 2600 })
    expect(await bookedOf(h, slot.id)).toBe(0)
    await until('refunded', async () => {
      await h.payments.reconcileRefunds(0)
      return (await get(a.id)).status === 'refunded'
    })
    const payment = await json<PaymentResponse>(await h.request('GET', `/api/payments/${paymentId}`, { token: patient.token }), 200)
    expect(payment.payment).toMatchObject({ status: 'refunded', refundedFen: 2600 })
    expect((await get(a.id)).events.map((e) => e.action)).toEqual(['created', 'paid', 'cancelled', 'refunded'])
    // Nothing more is due.
    expect(await startDueRefunds(h.payments, clinicDb(h.db.kysely), silent)).toBe(0)
    h.clock.t = realNow
  })

  test('cancel 1 minute inside the 2 hours: no refund, the payment stays paid', async () => {
    const slot = await laterSlot(2)
    const a = await book(h, patient, slot.id, 'text')
    const paymentId = await payFor(a)
    const realNow = h.clock.now()
    h.clock.t = Date.parse(slot.startsAt) - 2 * 3600_000 + 60_000
    const quote = await json<CancellationQuote>(await h.request('GET', `/api/clinic/appointments/${a.id}/cancellation`, { token: patient.token }), 200)
    expect(quote).toMatchObject({ cancellable: true, refundFen: 0 })
    expect(quote.message).toContain('不退')
    const cancelled = await json<{ appointment: Appointment }>(await h.request('POST', `/api/clinic/appointments/${a.id}/cancel`, { token: patient.token }), 200)
    expect(cancelled.appointment).toMatchObject({ status: 'cancelled', refundFen: 0 })
    expect(await startDueRefunds(h.payments, clinicDb(h.db.kysely), silent)).toBe(0)
    const payment = await json<PaymentResponse>(await h.request('GET', `/api/payments/${paymentId}`, { token: patient.token }), 200)
    expect(payment.payment).toMatchObject({ status: 'paid', refundedFen: 0 })
    h.clock.t = realNow
  })

  const startPayment = async (a: Appointment) =>
    json<CreatePaymentResponse>(await h.request('POST', '/api/payments', { token: patient.token, json: { kind: CLINIC_APPOINTMENT_KIND, orderId: a.id } }), 201)
  const settle = (paymentId: string) =>
    until('paid', async () => (await json<PaymentResponse>(await h.request('GET', `/api/payments/${paymentId}`, { token: patient.token }), 200)).payment.status === 'paid')

  test('paid after the patient cancelled (payment already in progress): revived while the place is free', async () => {
    const slot = await laterSlot(4)
    const a = await book(h, patient, slot.id)
    const created = await startPayment(a)
    await json(await h.request('POST', `/api/clinic/appointments/${a.id}/cancel`, { token: patient.token }), 200)
    expect(await bookedOf(h, slot.id)).toBe(0)
    expect(await cashier(created.requestPayment)).toBe('requestPayment:ok')
    await settle(created.payment.id)
    const after = await get(a.id)
    expect(after).toMatchObject({ status: 'booked', cancelReason: null, refundFen: null })
    expect(after.events.map((e) => e.action)).toEqual(['created', 'cancelled', 'revived'])
    expect(await bookedOf(h, slot.id)).toBe(1)
  })

  test('paid after the patient cancelled and the place was taken: stays cancelled, the money goes back once', async () => {
    const full = await newDoctor(h, { capacity: 1, fees: { text: 1200, phone: null, video: null } })
    const slot = (await schedule(h, full.id)).filter((s) => Date.parse(s.startsAt) > h.clock.now() + 3 * 3600_000)[0]
    if (!slot) throw new Error('no later slot')
    const a = await book(h, patient, slot.id)
    const created = await startPayment(a)
    await json(await h.request('POST', `/api/clinic/appointments/${a.id}/cancel`, { token: patient.token }), 200)
    await book(h, await newPatient(h), slot.id)
    expect(await cashier(created.requestPayment)).toBe('requestPayment:ok')
    await settle(created.payment.id)
    const after = await get(a.id)
    expect(after).toMatchObject({ status: 'cancelled', refundFen: 1200 })
    expect(after.events.map((e) => e.action)).toContain('paid_after_cancel')
    expect(await bookedOf(h, slot.id)).toBe(1)
    const db = clinicDb(h.db.kysely)
    expect(await startDueRefunds(h.payments, db, silent)).toBe(1)
    expect(await startDueRefunds(h.payments, db, silent)).toBe(0)
    await until('refunded', async () => {
      await h.payments.reconcileRefunds(0)
      return (await get(a.id)).status === 'refunded'
    })
  })

  test('a cancelled, unpaid booking cannot be paid', async () => {
    const a = await book(h, patient, (await laterSlot(3)).id)
    await json(await h.request('POST', `/api/clinic/appointments/${a.id}/cancel`, { token: patient.token }), 200)
    const res = await h.request('POST', '/api/payments', { token: patient.token, json: { kind: CLINIC_APPOINTMENT_KIND, orderId: a.id } })
    expect(res.status).toBe(409)
    expect(((await res.json()) as ErrorBody).code).toBe('ORDER_NOT_PAYABLE')
  })
})
