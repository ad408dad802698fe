import type { Appointment, CancellationQuote, ErrorBody } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { markAppointmentPaid, releaseExpiredHolds } from './appointments'
import { clinicDb } from './schema'
import { DEFAULT_CLINIC_HOLD_MS } from './shared'
import { book, bookedOf, bookingBody, futureSlot, json, newDoctor, newPatient, schedule, type TestDoctor } from './testing'

/**
 * Booking: the place taken atomically (never double-booked), the 15-minute hold and its release
 * (exactly once), the state machine, the refund rule as the API states it, reschedule.
 */
describeEachDatabase('clinic appointments', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let doctor: TestDoctor

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    doctor = await newDoctor(h, { capacity: 3 })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const get = async (token: string, id: string) => (await json<{ appointment: Appointment }>(await h.request('GET', `/api/clinic/appointments/${id}`, { token }), 200)).appointment
  const deps = () => ({ db: clinicDb(h.db.kysely), now: h.clock.now, holdMs: DEFAULT_CLINIC_HOLD_MS, paymentTimeoutMs: 15 * 60_000 })

  test('a week of slots in Shanghai time: 上午/下午/晚上 for 7 days from today', async () => {
    const slots = await schedule(h, doctor.id)
    expect(slots).toHaveLength(21)
    // The harness clock is 2026-11-28 12:00 in Shanghai.
    expect(slots[0]).toMatchObject({ date: '2026-11-28', period: 'morning', periodWord: '上午', startsAt: '2026-11-28T08:00:00.000+08:00', bookable: false })
    expect(slots[1]).toMatchObject({ period: 'afternoon', periodWord: '下午', startsAt: '2026-11-28T14:00:00.000+08:00', bookable: true, remaining: 3 })
    expect(slots[2]).toMatchObject({ period: 'evening', periodWord: '晚上', endsAt: '2026-11-28T21:00:00.000+08:00' })
    expect(slots[20]?.date).toBe('2026-12-04')
  })

  test('30 concurrent bookings of a slot with capacity 3 → exactly 3 succeed, the rest 409 SLOT_FULL', async () => {
    const slot = await futureSlot(h, doctor.id, 1)
    const patients = await Promise.all(Array.from({ length: 30 }, () => newPatient(h)))
    const results = await Promise.all(patients.map((p) => h.request('POST', '/api/clinic/appointments', { token: p.token, json: bookingBody(p, slot.id) })))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(3)
    expect(statuses.filter((s) => s === 409)).toHaveLength(27)
    const codes = await Promise.all(results.filter((r) => r.status === 409).map(async (r) => ((await r.json()) as ErrorBody).code))
    expect(new Set(codes)).toEqual(new Set(['SLOT_FULL']))
    expect(await bookedOf(h, slot.id)).toBe(3)
    const rows = await clinicDb(h.db.kysely).selectFrom('clinic_appointments').select('id').where('slot_id', '=', slot.id).execute()
    expect(rows).toHaveLength(3)
    expect((await schedule(h, doctor.id)).find((s) => s.id === slot.id)).toMatchObject({ remaining: 0, bookable: false })
  })

  test('a patient cannot hold two live bookings of one slot, even racing', async () => {
    const d = await newDoctor(h, { capacity: 10 })
    const slot = await futureSlot(h, d.id)
    const p = await newPatient(h)
    const results = await Promise.all(Array.from({ length: 5 }, () => h.request('POST', '/api/clinic/appointments', { token: p.token, json: bookingBody(p, slot.id) })))
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409])
    expect(await bookedOf(h, slot.id)).toBe(1)
  })

  test('booking: the fee is the doctor’s for the mode; 待支付 with a 15-minute hold; the audit trail names who', async () => {
    const d = await newDoctor(h, { fees: { text: 1500, phone: 2500, video: null } })
    const slot = await futureSlot(h, d.id)
    const p = await newPatient(h)
    const a = await book(h, p, slot.id, 'phone')
    expect(a).toMatchObject({ status: 'pending_payment', statusWord: '待支付', feeFen: 2500, mode: 'phone' })
    expect(Date.parse(a.payBefore as string) - h.clock.now()).toBe(15 * 60_000)
    expect(a.patient.idNumberMasked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/)
    expect(a.events).toEqual([expect.objectContaining({ action: 'created', actor: 'patient' })])
    const video = await h.request('POST', '/api/clinic/appointments', { token: p.token, json: bookingBody(p, (await futureSlot(h, d.id, 1)).id, 'video') })
    expect(video.status).toBe(400)
    expect(((await video.json()) as ErrorBody).message).toContain('「mode」')
  })

  test('an unpaid booking releases its place after 15 minutes, exactly once', async () => {
    const d = await newDoctor(h, { capacity: 1 })
    const slot = await futureSlot(h, d.id)
    const p = await newPatient(h)
    const a = await book(h, p, slot.id)
    const other = await newPatient(h)
    expect((await h.request('POST', '/api/clinic/appointments', { token: other.token, json: bookingBody(other, slot.id) })).status).toBe(409)
    h.clock.advance(15 * 60_000 - 1)
    expect(await releaseExpiredHolds(deps(), h.clock.now())).toBe(0)
    h.clock.advance(1)
    // Two instances sweeping at once: each unpaid booking (earlier tests' too) released once.
    const pending = await clinicDb(h.db.kysely).selectFrom('clinic_appointments').select('id').where('status', '=', 'pending_payment').execute()
    const [x, y] = await Promise.all([releaseExpiredHolds(deps(), h.clock.now()), releaseExpiredHolds(deps(), h.clock.now())])
    expect(x + y).toBe(pending.length)
    expect(await releaseExpiredHolds(deps(), h.clock.now())).toBe(0)
    expect(await bookedOf(h, slot.id)).toBe(0)
    const after = await get(p.token, a.id)
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'timeout', refundFen: 0 })
    expect(after.events.map((e) => [e.action, e.actor])).toEqual([
      ['created', 'patient'],
      ['expired', 'system'],
    ])
    // The place is free for someone else now.
    await book(h, other, slot.id)
    expect(await bookedOf(h, slot.id)).toBe(1)
    h.clock.t = Date.parse('2026-11-28T04:00:00Z')
  })

  test('paid: 待支付 → 已预约 once; cancelling a paid booking quotes and applies the 2-hour rule at the line', async () => {
    const d = await newDoctor(h)
    const slot = await futureSlot(h, d.id, 1) // this evening, 18:30
    const startsAt = Date.parse(slot.startsAt)
    const p = await newPatient(h)
    const a = await book(h, p, slot.id)
    const unpaidQuote = await json<CancellationQuote>(await h.request('GET', `/api/clinic/appointments/${a.id}/cancellation`, { token: p.token }), 200)
    expect(unpaidQuote).toMatchObject({ cancellable: true, refundFen: 0, fullRefundUntil: null })
    expect(unpaidQuote.rule).toContain('2 小时以上取消，全额退款')
    expect(await markAppointmentPaid(clinicDb(h.db.kysely), a.id, h.clock.now())).toBe(true)
    expect(await markAppointmentPaid(clinicDb(h.db.kysely), a.id, h.clock.now())).toBe(false)
    expect((await get(p.token, a.id)).status).toBe('booked')

    const quoteAt = async (t: number) => {
      h.clock.t = t
      return json<CancellationQuote>(await h.request('GET', `/api/clinic/appointments/${a.id}/cancellation`, { token: p.token }), 200)
    }
    expect(await quoteAt(startsAt - 2 * 3600_000)).toMatchObject({ cancellable: true, refundFen: 1000, fullRefundUntil: '2026-11-28T16:30:00.000+08:00' })
    expect(await quoteAt(startsAt - 2 * 3600_000 + 1)).toMatchObject({ cancellable: true, refundFen: 0 })
    // Cancelled inside the 2 hours: no refund, the place released, the rule recorded in the trail.
    const cancelled = await json<{ appointment: Appointment }>(await h.request('POST', `/api/clinic/appointments/${a.id}/cancel`, { token: p.token }), 200)
    expect(cancelled.appointment).toMatchObject({ status: 'cancelled', refundFen: 0, cancelReason: 'patient' })
    expect(cancelled.appointment.events.at(-1)?.note).toContain('不退款')
    expect(await bookedOf(h, slot.id)).toBe(0)
    // Cancelling again (a retry): the appointment as it is, nothing released twice.
    const again = await json<{ appointment: Appointment }>(await h.request('POST', `/api/clinic/appointments/${a.id}/cancel`, { token: p.token }), 200)
    expect(again.appointment.events.filter((e) => e.action === 'cancelled')).toHaveLength(1)
    expect(await bookedOf(h, slot.id)).toBe(0)
    // A visit under way cannot be cancelled.
    const b = await book(h, p, slot.id)
    await markAppointmentPaid(clinicDb(h.db.kysely), b.id, h.clock.now())
    await json(await h.request('POST', `/api/clinic/doctor/appointments/${b.id}/start`, { token: d.token }), 200)
    const started = await h.request('POST', `/api/clinic/appointments/${b.id}/cancel`, { token: p.token })
    expect(started.status).toBe(409)
    expect(((await started.json()) as ErrorBody).code).toBe('APPOINTMENT_STATE_CONFLICT')
    expect(await bookedOf(h, slot.id)).toBe(1)
    h.clock.t = Date.parse('2026-11-28T04:00:00Z')
  })

  test('reschedule to another slot of the same doctor: the new place taken, the old released, atomically', async () => {
    const d = await newDoctor(h, { capacity: 1 })
    const [s1, s2, s3] = [await futureSlot(h, d.id, 0), await futureSlot(h, d.id, 1), await futureSlot(h, d.id, 2)]
    const p = await newPatient(h)
    const a = await book(h, p, s1.id)
    const moved = await json<{ appointment: Appointment }>(await h.request('POST', `/api/clinic/appointments/${a.id}/reschedule`, { token: p.token, json: { slotId: s2.id } }), 200)
    expect(moved.appointment.slot.id).toBe(s2.id)
    expect(moved.appointment.events.at(-1)?.action).toBe('rescheduled')
    expect([await bookedOf(h, s1.id), await bookedOf(h, s2.id)]).toEqual([0, 1])
    // A full slot: refused, nothing moves.
    const other = await newPatient(h)
    await book(h, other, s3.id)
    const full = await h.request('POST', `/api/clinic/appointments/${a.id}/reschedule`, { token: p.token, json: { slotId: s3.id } })
    expect(full.status).toBe(409)
    expect([await bookedOf(h, s2.id), await bookedOf(h, s3.id)]).toEqual([1, 1])
    expect((await get(p.token, a.id)).slot.id).toBe(s2.id)
    // Another doctor's slot: 400 naming slotId.
    const elsewhere = await futureSlot(h, doctor.id, 5)
    const wrong = await h.request('POST', `/api/clinic/appointments/${a.id}/reschedule`, { token: p.token, json: { slotId: elsewhere.id } })
    expect(wrong.status).toBe(400)
    expect(((await wrong.json()) as ErrorBody).message).toContain('「slotId」')
    // Two reschedules racing for the last place of s1: one wins, counts stay exact.
    const [s4, s5] = [await futureSlot(h, d.id, 3), await futureSlot(h, d.id, 4)]
    const [p4, p5] = [await newPatient(h), await newPatient(h)]
    const [a4, a5] = [await book(h, p4, s4.id), await book(h, p5, s5.id)]
    const raced = await Promise.all([
      h.request('POST', `/api/clinic/appointments/${a4.id}/reschedule`, { token: p4.token, json: { slotId: s1.id } }),
      h.request('POST', `/api/clinic/appointments/${a5.id}/reschedule`, { token: p5.token, json: { slotId: s1.id } }),
    ])
    expect(raced.map((r) => r.status).sort()).toEqual([200, 409])
    expect([await bookedOf(h, s1.id), (await bookedOf(h, s4.id)) + (await bookedOf(h, s5.id))]).toEqual([1, 1])
  })

  test('a booking sent again with the same Idempotency-Key (a dropped connection) is made once', async () => {
    const d = await newDoctor(h, { capacity: 5 })
    const slot = await futureSlot(h, d.id)
    const p = await newPatient(h)
    const send = () => h.request('POST', '/api/clinic/appointments', { token: p.token, json: bookingBody(p, slot.id), headers: { 'idempotency-key': 'booking-once-1' } })
    const first = await json<{ appointment: Appointment }>(await send(), 201)
    const again = await send()
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(((await again.json()) as { appointment: Appointment }).appointment.id).toBe(first.appointment.id)
    expect(await bookedOf(h, slot.id)).toBe(1)
  })

  test('a slot in the past, an unknown slot, a first visit → 400 naming the field', async () => {
    const p = await newPatient(h)
    const past = (await schedule(h, doctor.id))[0]
    const cases: [Record<string, unknown>, string][] = [
      [bookingBody(p, past?.id as string), 'slotId'],
      [bookingBody(p, 'no-such-slot'), 'slotId'],
      [{ ...bookingBody(p, (await futureSlot(h, doctor.id, 4)).id), followUp: false }, 'followUp'],
      [{ ...bookingBody(p, (await futureSlot(h, doctor.id, 4)).id), patientId: 'someone-else' }, 'patientId'],
    ]
    for (const [body, field] of cases) {
      const res = await h.request('POST', '/api/clinic/appointments', { token: p.token, json: body })
      expect([field, res.status]).toEqual([field, 400])
      expect(((await res.json()) as ErrorBody).message).toContain(`「${field}」`)
    }
  })
})
