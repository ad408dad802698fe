import type { Appointment, MessagesResponse, Patient } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { markAppointmentPaid } from './appointments'
import { clinicDb } from './schema'
import { book, futureSlot, json, newDoctor, newPatient, type TestDoctor, type TestPatient } from './testing'

/**
 * The clinic's share of the authorization rules (see ../authorization.test.ts): a patient account
 * never sees or touches another account's appointments, patients or messages; a doctor sees only
 * the appointments booked with them. The answer is 404 (never 403), and nothing changes.
 */
describeEachDatabase('clinic authorization', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let doctor: TestDoctor
  let otherDoctor: TestDoctor
  let owner: TestPatient
  let intruder: TestPatient
  let appointment: Appointment

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    doctor = await newDoctor(h)
    otherDoctor = await newDoctor(h)
    owner = await newPatient(h)
    intruder = await newPatient(h)
    appointment = await book(h, owner, (await futureSlot(h, doctor.id)).id)
    await markAppointmentPaid(clinicDb(h.db.kysely), appointment.id, h.clock.now())
    await json(await h.request('POST', `/api/clinic/doctor/appointments/${appointment.id}/start`, { token: doctor.token }), 200)
    await json(await h.request('POST', `/api/clinic/appointments/${appointment.id}/messages`, { token: owner.token, json: { clientId: 'owner-msg-0001', text: '头晕' } }), 201)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const snapshot = async () => ({
    appointment: (await json<{ appointment: Appointment }>(await h.request('GET', `/api/clinic/appointments/${appointment.id}`, { token: owner.token }), 200)).appointment,
    messages: (await json<MessagesResponse>(await h.request('GET', `/api/clinic/appointments/${appointment.id}/messages`, { token: owner.token }), 200)).items,
    patients: (await json<{ items: Patient[] }>(await h.request('GET', '/api/clinic/patients', { token: owner.token }), 200)).items,
  })

  const id = () => appointment.id
  const cases: { name: string; send: () => Promise<Response> }[] = [
    { name: 'GET appointment (another account)', send: () => h.request('GET', `/api/clinic/appointments/${id()}`, { token: intruder.token }) },
    { name: 'GET cancellation (another account)', send: () => h.request('GET', `/api/clinic/appointments/${id()}/cancellation`, { token: intruder.token }) },
    { name: 'POST cancel (another account)', send: () => h.request('POST', `/api/clinic/appointments/${id()}/cancel`, { token: intruder.token }) },
    {
      name: 'POST reschedule (another account)',
      send: async () => h.request('POST', `/api/clinic/appointments/${id()}/reschedule`, { token: intruder.token, json: { slotId: (await futureSlot(h, doctor.id, 2)).id } }),
    },
    { name: 'GET messages (another account)', send: () => h.request('GET', `/api/clinic/appointments/${id()}/messages`, { token: intruder.token }) },
    { name: 'POST message (another account)', send: () => h.request('POST', `/api/clinic/appointments/${id()}/messages`, { token: intruder.token, json: { clientId: 'intruder-0001', text: '你好' } }) },
    { name: 'POST rating (another account)', send: () => h.request('POST', `/api/clinic/appointments/${id()}/rating`, { token: intruder.token, json: { stars: 1 } }) },
    { name: 'GET patient (another account)', send: () => h.request('GET', `/api/clinic/patients/${owner.patient.id}`, { token: intruder.token }) },
    { name: 'GET appointment (the doctor, on the patient route)', send: () => h.request('GET', `/api/clinic/appointments/${id()}`, { token: doctor.token }) },
    { name: 'GET doctor appointment (another doctor)', send: () => h.request('GET', `/api/clinic/doctor/appointments/${id()}`, { token: otherDoctor.token }) },
    { name: 'POST start (another doctor)', send: () => h.request('POST', `/api/clinic/doctor/appointments/${id()}/start`, { token: otherDoctor.token }) },
    { name: 'GET messages (another doctor)', send: () => h.request('GET', `/api/clinic/doctor/appointments/${id()}/messages`, { token: otherDoctor.token }) },
    {
      name: 'POST message (another doctor)',
      send: () => h.request('POST', `/api/clinic/doctor/appointments/${id()}/messages`, { token: otherDoctor.token, json: { clientId: 'other-doc-0001', text: '你好' } }),
    },
    { name: 'POST finish (another doctor)', send: () => h.request('POST', `/api/clinic/doctor/appointments/${id()}/finish`, { token: otherDoctor.token, json: { advice: '多喝水' } }) },
  ]

  for (const c of cases) {
    test(`${c.name} → 404, nothing changes`, async () => {
      const before = await snapshot()
      const res = await c.send()
      expect(res.status).toBe(404)
      expect(await snapshot()).toEqual(before)
    })
  }

  test('lists: each account sees its own; a doctor’s day lists only their own patients', async () => {
    const mine = await json<{ items: Appointment[] }>(await h.request('GET', '/api/clinic/appointments', { token: intruder.token }), 200)
    expect(mine.items).toEqual([])
    const theirs = await json<{ items: Patient[] }>(await h.request('GET', '/api/clinic/patients', { token: intruder.token }), 200)
    expect(theirs.items.map((p) => p.id)).toEqual([intruder.patient.id])
    const other = await json<{ items: Appointment[] }>(await h.request('GET', '/api/clinic/doctor/appointments', { token: otherDoctor.token }), 200)
    expect(other.items).toEqual([])
    const own = await json<{ items: Appointment[] }>(await h.request('GET', '/api/clinic/doctor/appointments', { token: doctor.token }), 200)
    expect(own.items.map((a) => a.id)).toEqual([appointment.id])
  })

  test('booking for another account’s patient → 400 naming patientId, nothing booked', async () => {
    const res = await h.request('POST', '/api/clinic/appointments', {
      token: intruder.token,
      json: { slotId: (await futureSlot(h, doctor.id, 3)).id, patientId: owner.patient.id, mode: 'text', symptoms: '头痛', followUp: true },
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('patientId')
    const rows = await clinicDb(h.db.kysely).selectFrom('clinic_appointments').select('id').execute()
    expect(rows).toHaveLength(1)
  })
})
