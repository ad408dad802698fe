import fc from 'fast-check'
import { z } from 'zod'
import {
  AppointmentListQuery,
  CreateAppointmentRequest,
  CreatePatientRequest,
  DoctorAppointmentsQuery,
  DoctorSearchQuery,
  FinishConsultationRequest,
  MessageListQuery,
  RateRequest,
  RescheduleRequest,
  SendMessageRequest,
  type Appointment,
  type Slot,
} from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { Empty, UNPRINTABLE_IN_URL, expectRefused, mutationsOf, snapshotTables, sweepRoutes, sweepUnprintableText, unprintableQueryText, type SweepRoute } from '../../testing/bad-input-sweep'
import { markAppointmentPaid } from './appointments'
import { clinicDb, type ClinicTables } from './schema'
import { book, futureSlot, idNumber, newDoctor, newPatient, schedule, type TestDoctor, type TestPatient } from './testing'

/**
 * The clinic's routes in the bad-input sweep (the same rules as ../bad-input.test.ts and the
 * market's): generated malformed JSON, wrong types, unknown fields, negative and huge numbers,
 * impossible dates and oversize bodies each get a 4xx in the one error shape with a zh-CN message,
 * no stack trace, and the database — every clinic table — is left exactly as it was.
 */
const TABLES = [
  'users',
  'media',
  'clinic_doctors',
  'clinic_slots',
  'clinic_patients',
  'clinic_appointments',
  'clinic_events',
  'clinic_messages',
  'clinic_ratings',
] as const satisfies readonly (keyof ClinicTables | 'users' | 'media')[]

const snapshot = (h: Harness): Promise<string> => snapshotTables(clinicDb(h.db.kysely), TABLES)

describeEachDatabase('clinic: bad input on every route', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let doctor: TestDoctor
  let patient: TestPatient
  let slot: Slot
  let other: Slot
  let booked: Appointment
  let inVisit: Appointment

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    doctor = await newDoctor(h)
    patient = await newPatient(h)
    slot = await futureSlot(h, doctor.id, 0)
    other = await futureSlot(h, doctor.id, 1)
    booked = await book(h, patient, slot.id)
    inVisit = await book(h, patient, other.id)
    const db = clinicDb(h.db.kysely)
    await markAppointmentPaid(db, booked.id, h.clock.now())
    await markAppointmentPaid(db, inVisit.id, h.clock.now())
    const res = await h.request('POST', `/api/clinic/doctor/appointments/${inVisit.id}/start`, { token: doctor.token })
    expect(res.status).toBe(200)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const patientValid = () => ({ name: '李奶奶', relation: '父母', idNumber: idNumber('19500101', '321') })
  const bookingValid = () => ({ slotId: slot.id, patientId: patient.patient.id, mode: 'text', symptoms: '复诊', followUp: true })

  const routes: SweepRoute[] = [
    { method: 'POST', name: '/api/clinic/patients', path: () => '/api/clinic/patients', token: () => patient.token, schema: CreatePatientRequest, valid: patientValid },
    { method: 'POST', name: '/api/clinic/appointments', path: () => '/api/clinic/appointments', token: () => patient.token, schema: CreateAppointmentRequest, valid: bookingValid },
    { method: 'POST', name: '/api/clinic/appointments/:id/cancel', path: () => `/api/clinic/appointments/${booked.id}/cancel`, token: () => patient.token, schema: Empty },
    {
      method: 'POST',
      name: '/api/clinic/appointments/:id/reschedule',
      path: () => `/api/clinic/appointments/${booked.id}/reschedule`,
      token: () => patient.token,
      schema: RescheduleRequest,
      valid: () => ({ slotId: other.id }),
    },
    {
      method: 'POST',
      name: '/api/clinic/appointments/:id/messages',
      path: () => `/api/clinic/appointments/${inVisit.id}/messages`,
      token: () => patient.token,
      schema: SendMessageRequest,
      valid: () => ({ clientId: 'client-msg-0001', text: '你好' }),
    },
    { method: 'POST', name: '/api/clinic/appointments/:id/rating', path: () => `/api/clinic/appointments/${booked.id}/rating`, token: () => patient.token, schema: RateRequest, valid: () => ({ stars: 5, text: '好' }) },
    { method: 'POST', name: '/api/clinic/doctor/appointments/:id/start', path: () => `/api/clinic/doctor/appointments/${booked.id}/start`, token: () => doctor.token, schema: Empty },
    {
      method: 'POST',
      name: '/api/clinic/doctor/appointments/:id/messages',
      path: () => `/api/clinic/doctor/appointments/${inVisit.id}/messages`,
      token: () => doctor.token,
      schema: SendMessageRequest,
      valid: () => ({ clientId: 'doctor-msg-0001', text: '您好' }),
    },
    {
      method: 'POST',
      name: '/api/clinic/doctor/appointments/:id/finish',
      path: () => `/api/clinic/doctor/appointments/${inVisit.id}/finish`,
      token: () => doctor.token,
      schema: FinishConsultationRequest,
      valid: () => ({ advice: '多喝水', prescription: '无' }),
    },
  ]

  const poison = fc.constantFrom<unknown>(-1, 0, -100, 1.5, 1e15, 2 ** 53, '100', null, true, false, [], {}, '2026-02-30', '110105194912310021', '', 'x'.repeat(3000))

  sweepRoutes(routes, {
    harness: () => h,
    snapshot,
    numRuns: 30,
    hugeNumbers: fc.constantFrom('{"stars": 1e400}', '{"feeFen": -1e309}', '{"capacity": 123456789012345678901234567890}', '[1e400]', '1e999'),
    shapes: (route) => mutationsOf(route.valid, poison),
    formBody: 'a=b',
    oversize: { note: 'a'.repeat(200_000) },
  })

  sweepUnprintableText(routes, { harness: () => h, snapshot })

  test('GET /api/clinic/doctors?q= with NUL or another unprintable character → 400 naming q (no login; was a 500 on PostgreSQL)', async () => {
    for (const bad of UNPRINTABLE_IN_URL) {
      for (const q of [bad, `内科${bad}`]) {
        const res = await h.request('GET', `/api/clinic/doctors?${new URLSearchParams({ q }).toString()}`)
        expect([bad.codePointAt(0), res.status]).toEqual([bad.codePointAt(0), 400])
        const error = (await res.json()) as { code: string; message: string }
        expect(error.code).toBe('VALIDATION_FAILED')
        expect(error.message).toContain('「q」')
      }
    }
    const nul = await h.request('GET', '/api/clinic/doctors?q=%00')
    expect(nul.status).toBe(400)
    await expectRefused(nul)
  })

  test('impossible dates, bad ID numbers, a slot in the past, negative money and stars → 400 naming the field in zh-CN', async () => {
    const before = await snapshot(h)
    const past = (await schedule(h, doctor.id))[0] as Slot
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/api/clinic/patients', { ...patientValid(), idNumber: '110105194912310021' }, 'idNumber'],
      ['POST', '/api/clinic/patients', { ...patientValid(), idNumber: idNumber('19500230') }, 'idNumber'],
      ['POST', '/api/clinic/patients', { ...patientValid(), birthDate: '1950-02-30' }, 'birthDate'],
      ['POST', '/api/clinic/patients', { ...patientValid(), birthDate: '1950-01-02' }, 'birthDate'],
      ['POST', '/api/clinic/appointments', { ...bookingValid(), slotId: past.id }, 'slotId'],
      ['POST', '/api/clinic/appointments', { ...bookingValid(), feeFen: -1 }, 'feeFen'],
      ['POST', '/api/clinic/appointments', { ...bookingValid(), mode: '上门' }, 'mode'],
      ['POST', `/api/clinic/appointments/${booked.id}/rating`, { stars: -1 }, 'stars'],
      ['POST', `/api/clinic/appointments/${booked.id}/rating`, { stars: 6 }, 'stars'],
      ['POST', `/api/clinic/appointments/${booked.id}/reschedule`, { slotId: past.id }, 'slotId'],
    ]
    for (const [method, url, body, field] of cases) {
      const res = await h.request(method, url, { token: patient.token, json: body })
      expect([url, field, res.status]).toEqual([url, field, 400])
      const error = (await res.json()) as { message: string }
      expect(error.message).toContain(`「${field}」`)
    }
    expect(await snapshot(h)).toBe(before)
  })

  test('GET routes: generated bad query strings → 400, database unchanged', async () => {
    const before = await snapshot(h)
    const key = fc.constantFrom('q', 'page', 'size', 'department', 'hospital', 'status', 'date', 'after', 'x')
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String), unprintableQueryText, fc.constantFrom('1e9', '-1', '0', '51', 'NaN', '2026-02-30', 'paid', 'x'.repeat(70)))
    const gets: [string, z.ZodType, 'patient' | 'doctor' | undefined][] = [
      ['/api/clinic/departments', Empty, undefined],
      ['/api/clinic/hospitals', Empty, undefined],
      ['/api/clinic/doctors', DoctorSearchQuery, undefined],
      [`/api/clinic/doctors/${doctor.id}`, Empty, undefined],
      ['/api/clinic/patients', Empty, 'patient'],
      [`/api/clinic/patients/${patient.patient.id}`, Empty, 'patient'],
      ['/api/clinic/appointments', AppointmentListQuery, 'patient'],
      [`/api/clinic/appointments/${booked.id}`, Empty, 'patient'],
      [`/api/clinic/appointments/${booked.id}/cancellation`, Empty, 'patient'],
      [`/api/clinic/appointments/${inVisit.id}/messages`, MessageListQuery, 'patient'],
      ['/api/clinic/doctor/me', Empty, 'doctor'],
      ['/api/clinic/doctor/appointments', DoctorAppointmentsQuery, 'doctor'],
      [`/api/clinic/doctor/appointments/${inVisit.id}`, Empty, 'doctor'],
      [`/api/clinic/doctor/appointments/${inVisit.id}/messages`, MessageListQuery, 'doctor'],
    ]
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), async (query) => {
        const qs = new URLSearchParams(query).toString()
        for (const [url, schema, who] of gets) {
          if (schema.safeParse(query).success) continue
          const token = who === 'patient' ? patient.token : who === 'doctor' ? doctor.token : undefined
          await expectRefused(await h.request('GET', `${url}?${qs}`, { token }))
        }
      }),
      { numRuns: 25 },
    )
    expect(await snapshot(h)).toBe(before)
  })
})
