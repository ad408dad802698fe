import { idCheckDigit, type Appointment, type DoctorResponse, type Patient, type Slot, type SlotPeriod } from '@tianyuan/contracts'
import type { Harness } from '../../testing/harness'
import { createDoctor, ensureHospital, ensureSchedule } from './catalog'
import { clinicDb } from './schema'

// Helpers for the clinic's suites: a doctor (a user linked to a doctor record) with a week of
// slots, a patient account with its holder registered, bookings.

export async function json<T>(res: Response, status?: number): Promise<T> {
  const text = await res.text()
  if (status !== undefined && res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

/** A valid 18-digit ID number for a birth date (YYYYMMDD), with its check digit. */
export function idNumber(birth: string, seq = '123', area = '330102'): string {
  const first17 = `${area}${birth}${seq}`
  return first17 + idCheckDigit(first17)
}

export interface TestDoctor {
  id: string
  token: string
  userId: string
}

let doctorSeq = 0

export async function newDoctor(
  h: Harness,
  options: { capacity?: number; periods?: SlotPeriod[]; fees?: { text: number | null; phone: number | null; video: number | null } } = {},
): Promise<TestDoctor> {
  const login = await h.login()
  const db = clinicDb(h.db.kysely)
  const hospitalId = await ensureHospital(db, { name: '洛川县凤栖镇卫生院', level: 'township', county: '陕西省延安市洛川县', address: '凤栖镇北街 12 号' })
  const id = await createDoctor(
    db,
    {
      name: `测试医生${++doctorSeq}`,
      title: '主治医师',
      hospitalId,
      departmentId: 'chronic',
      specialty: '高血压、糖尿病复诊',
      intro: '',
      fees: options.fees ?? { text: 1000, phone: 2000, video: 3000 },
      userId: login.user.id,
    },
    h.clock.now(),
  )
  await ensureSchedule(db, id, h.clock.now(), { capacity: options.capacity ?? 5, periods: options.periods })
  return { id, token: login.token, userId: login.user.id }
}

export async function schedule(h: Harness, doctorId: string): Promise<Slot[]> {
  return (await json<DoctorResponse>(await h.request('GET', `/api/clinic/doctors/${doctorId}`), 200)).schedule
}

/** The first slot that has not ended, skipping `skip` of them. */
export async function futureSlot(h: Harness, doctorId: string, skip = 0): Promise<Slot> {
  const slots = (await schedule(h, doctorId)).filter((s) => s.bookable)
  const slot = slots[skip]
  if (!slot) throw new Error('no future slot')
  return slot
}

export interface TestPatient {
  token: string
  userId: string
  patient: Patient
}

let patientSeq = 100

export async function newPatient(h: Harness, birth = '19650315'): Promise<TestPatient> {
  const login = await h.login()
  const patient = (
    await json<{ patient: Patient }>(
      await h.request('POST', '/api/clinic/patients', { token: login.token, json: { name: '王大爷', relation: '本人', idNumber: idNumber(birth, String(++patientSeq)) } }),
      201,
    )
  ).patient
  return { token: login.token, userId: login.user.id, patient }
}

export function bookingBody(p: TestPatient, slotId: string, mode: 'text' | 'phone' | 'video' = 'text') {
  // 电话问诊 needs the number the doctor calls.
  return { slotId, patientId: p.patient.id, mode, symptoms: '高血压复诊，最近血压 150/95，想调一下药', followUp: true, ...(mode === 'phone' ? { callbackPhone: '13800138000' } : {}) }
}

export async function book(h: Harness, p: TestPatient, slotId: string, mode: 'text' | 'phone' | 'video' = 'text'): Promise<Appointment> {
  return (await json<{ appointment: Appointment }>(await h.request('POST', '/api/clinic/appointments', { token: p.token, json: bookingBody(p, slotId, mode) }), 201)).appointment
}

export async function bookedOf(h: Harness, slotId: string): Promise<number> {
  const row = await clinicDb(h.db.kysely).selectFrom('clinic_slots').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow()
  return Number(row.booked)
}
