import type { Appointment, ErrorBody } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { markAppointmentPaid } from './appointments'
import { clinicDb } from './schema'
import { bookingBody, futureSlot, json, newDoctor, newPatient, type TestDoctor } from './testing'

/**
 * 电话问诊 promises a call: the booking carries the number the doctor rings (an 11-digit mainland
 * mobile), the patient sees it on the booking and the doctor on the workbench.
 */
describeEachDatabase('clinic callback phone', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let doctor: TestDoctor

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    doctor = await newDoctor(h, { capacity: 10 })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const post = (token: string, body: object) => h.request('POST', '/api/clinic/appointments', { token, json: body })

  test('a phone consultation without a number, or with one that is not a mobile number → 400 naming callbackPhone', async () => {
    const p = await newPatient(h)
    const slot = await futureSlot(h, doctor.id)
    // undefined is left out of the JSON body: no number at all.
    const noPhone = { ...bookingBody(p, slot.id, 'phone'), callbackPhone: undefined }
    for (const [body, message] of [
      [noPhone, /电话问诊.*手机号/],
      [{ ...noPhone, callbackPhone: '12345' }, /手机号应为 11 位数字/],
      [{ ...noPhone, callbackPhone: '+8613912345678' }, /手机号应为 11 位数字/],
    ] as const) {
      const res = await post(p.token, body)
      expect(res.status).toBe(400)
      const error = (await res.json()) as ErrorBody
      expect(error.message).toMatch(message)
      expect(JSON.stringify(error)).toContain('callbackPhone')
    }
  })

  test('the number is on the booking for the patient and, once paid, on the doctor’s workbench', async () => {
    const p = await newPatient(h)
    const slot = await futureSlot(h, doctor.id, 1)
    const booked = (await json<{ appointment: Appointment }>(await post(p.token, { ...bookingBody(p, slot.id, 'phone'), callbackPhone: '13912345678' }), 201)).appointment
    expect(booked.callbackPhone).toBe('13912345678')
    await markAppointmentPaid(clinicDb(h.db.kysely), booked.id, h.clock.now())
    const forDoctor = (await json<{ appointment: Appointment }>(await h.request('GET', `/api/clinic/doctor/appointments/${booked.id}`, { token: doctor.token }), 200)).appointment
    expect(forDoctor.callbackPhone).toBe('13912345678')
    const mine = (await json<{ appointment: Appointment }>(await h.request('GET', `/api/clinic/appointments/${booked.id}`, { token: p.token }), 200)).appointment
    expect(mine.callbackPhone).toBe('13912345678')
  })

  test('a text consultation keeps no number', async () => {
    const p = await newPatient(h)
    const slot = await futureSlot(h, doctor.id, 2)
    const booked = (await json<{ appointment: Appointment }>(await post(p.token, { ...bookingBody(p, slot.id, 'text'), callbackPhone: '13912345678' }), 201)).appointment
    expect(booked.callbackPhone).toBeNull()
  })
})
