import type { Appointment, DoctorAppointmentsResponse, DoctorResponse, ErrorBody, Message, MessagesResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { markAppointmentPaid } from './appointments'
import { clinicDb } from './schema'
import { book, futureSlot, json, newDoctor, newPatient, type TestDoctor, type TestPatient } from './testing'

/** The visit: the doctor's day, start, messages both ways (stored once, in order), finish with a record, rating once. */
describeEachDatabase('clinic consultation', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let doctor: TestDoctor
  let patient: TestPatient
  let appointment: Appointment

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    doctor = await newDoctor(h)
    patient = await newPatient(h)
    appointment = await book(h, patient, (await futureSlot(h, doctor.id)).id)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const asDoctor = (method: string, path: string, body?: unknown) => h.request(method, `/api/clinic/doctor${path}`, { token: doctor.token, json: body })
  const asPatient = (method: string, path: string, body?: unknown) => h.request(method, `/api/clinic${path}`, { token: patient.token, json: body })
  const send = (who: 'doctor' | 'patient', clientId: string, text: string) =>
    who === 'doctor' ? asDoctor('POST', `/appointments/${appointment.id}/messages`, { clientId, text }) : asPatient('POST', `/appointments/${appointment.id}/messages`, { clientId, text })

  test('before payment: no messages, not on the doctor’s list, cannot start', async () => {
    expect((await send('patient', 'msg-early-0001', '医生好')).status).toBe(409)
    const day = await json<DoctorAppointmentsResponse>(await asDoctor('GET', '/appointments'), 200)
    expect(day).toEqual({ date: '2026-11-28', items: [] })
    expect((await asDoctor('POST', `/appointments/${appointment.id}/start`)).status).toBe(409)
  })

  test('the whole visit: paid → the doctor’s day → start → messages → finish → rating once', async () => {
    await markAppointmentPaid(clinicDb(h.db.kysely), appointment.id, h.clock.now())
    const day = await json<DoctorAppointmentsResponse>(await asDoctor('GET', '/appointments'), 200)
    expect(day.items.map((a) => a.id)).toEqual([appointment.id])
    expect(day.items[0]?.patient.idNumberMasked).toContain('**********')

    // The patient may write once paid; the doctor only after starting.
    expect((await send('patient', 'msg-p-000001', '医生好，我是王大爷')).status).toBe(201)
    expect((await send('doctor', 'msg-d-000001', '您好')).status).toBe(409)
    const started = await json<{ appointment: Appointment }>(await asDoctor('POST', `/appointments/${appointment.id}/start`), 200)
    expect(started.appointment).toMatchObject({ status: 'in_consultation', statusWord: '问诊中' })
    // Starting again is harmless.
    expect((await asDoctor('POST', `/appointments/${appointment.id}/start`)).status).toBe(200)

    // A conversation, with replays after "network drops": each message stored once, in the order sent.
    const script: ['doctor' | 'patient', string, string][] = [
      ['doctor', 'msg-d-000002', '最近血压多少？'],
      ['patient', 'msg-p-000002', '早上 150/95'],
      ['patient', 'msg-p-000003', '药一直在吃'],
      ['doctor', 'msg-d-000003', '氨氯地平加到 10mg'],
    ]
    for (const [who, id, text] of script) {
      expect((await send(who, id, text)).status).toBe(201)
      const replay = await send(who, id, text)
      expect(replay.status).toBe(200)
    }
    // Replays racing each other: still once.
    const racing = await Promise.all(Array.from({ length: 5 }, () => send('patient', 'msg-p-000004', '好的，谢谢医生')))
    expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201])
    // The same id with other words: refused, not silently dropped.
    expect((await send('patient', 'msg-p-000004', '别的话')).status).toBe(409)

    const seen = await json<MessagesResponse>(await asPatient('GET', `/appointments/${appointment.id}/messages`), 200)
    expect(seen.items.map((m) => [m.sender, m.text])).toEqual([
      ['patient', '医生好，我是王大爷'],
      ['doctor', '最近血压多少？'],
      ['patient', '早上 150/95'],
      ['patient', '药一直在吃'],
      ['doctor', '氨氯地平加到 10mg'],
      ['patient', '好的，谢谢医生'],
    ])
    const doctorSees = await json<MessagesResponse>(await asDoctor('GET', `/appointments/${appointment.id}/messages`), 200)
    expect(doctorSees.items).toEqual(seen.items)
    const third = seen.items[2] as Message
    const newer = await json<MessagesResponse>(await asPatient('GET', `/appointments/${appointment.id}/messages?after=${third.id}`), 200)
    expect(newer.items.map((m) => m.text)).toEqual(['药一直在吃', '氨氯地平加到 10mg', '好的，谢谢医生'])

    // No rating before the visit is done.
    expect((await asPatient('POST', `/appointments/${appointment.id}/rating`, { stars: 5 })).status).toBe(409)
    const finished = await json<{ appointment: Appointment }>(
      await asDoctor('POST', `/appointments/${appointment.id}/finish`, { advice: '低盐饮食，每天早晚量血压', prescription: '苯磺酸氨氯地平片 10mg 每日一次' }),
      200,
    )
    expect(finished.appointment).toMatchObject({ status: 'completed', statusWord: '已完成', record: { advice: '低盐饮食，每天早晚量血压', prescription: '苯磺酸氨氯地平片 10mg 每日一次' } })
    expect((await asDoctor('POST', `/appointments/${appointment.id}/finish`, { advice: '再来一次' })).status).toBe(409)
    expect((await send('patient', 'msg-p-000005', '还有个问题')).status).toBe(409)

    const rated = await json<{ appointment: Appointment }>(await asPatient('POST', `/appointments/${appointment.id}/rating`, { stars: 4, text: '很耐心' }), 201)
    expect(rated.appointment.rating).toMatchObject({ stars: 4, text: '很耐心' })
    const twice = await asPatient('POST', `/appointments/${appointment.id}/rating`, { stars: 1 })
    expect(twice.status).toBe(409)
    expect(((await twice.json()) as ErrorBody).message).toContain('评价过')
    const page = await json<DoctorResponse>(await h.request('GET', `/api/clinic/doctors/${doctor.id}`), 200)
    expect(page.doctor).toMatchObject({ rating: 4, ratingCount: 1 })

    // The audit trail: who did what.
    const trail = (await json<{ appointment: Appointment }>(await asPatient('GET', `/appointments/${appointment.id}`), 200)).appointment.events
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['created', 'patient'],
      ['paid', 'system'],
      ['started', 'doctor'],
      ['finished', 'doctor'],
      ['rated', 'patient'],
    ])
  })

  test('a user who is not a doctor gets 403 NOT_A_DOCTOR on the workbench', async () => {
    const res = await h.request('GET', '/api/clinic/doctor/appointments', { token: patient.token })
    expect(res.status).toBe(403)
    expect(((await res.json()) as ErrorBody).code).toBe('NOT_A_DOCTOR')
  })
})
