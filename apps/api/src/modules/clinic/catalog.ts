import { sql } from 'kysely'
import {
  FOLLOW_UP_NOTICE,
  SCHEDULE_DAYS,
  SHANGHAI,
  SLOT_PERIODS,
  dayjs,
  shanghaiDate,
  slotTimes,
  toShanghaiIso,
  type Department,
  type Doctor,
  type DoctorPage,
  type DoctorResponse,
  type DoctorTitle,
  type Hospital,
  type HospitalLevel,
  type Slot,
  type SlotPeriod,
} from '@tianyuan/contracts'
import { newId } from '../../platform/ids'
import type { ClinicDb, DoctorRow, SlotRow } from './schema'
import { clinicErrors, containsPattern, loadPhotos } from './shared'

export async function listDepartments(db: ClinicDb): Promise<Department[]> {
  const rows = await db.selectFrom('clinic_departments').selectAll().orderBy('sort').execute()
  return rows.map((r) => ({ id: r.id, name: r.name, intro: r.intro }))
}

export async function listHospitals(db: ClinicDb): Promise<Hospital[]> {
  const rows = await db.selectFrom('clinic_hospitals').selectAll().orderBy('level').orderBy('name').execute()
  return rows.map((r) => ({ id: r.id, name: r.name, level: r.level, county: r.county, address: r.address }))
}

// ---------------------------------------------------------------- doctors

export async function toDoctors(db: ClinicDb, rows: DoctorRow[]): Promise<Doctor[]> {
  if (rows.length === 0) return []
  const [hospitals, departments, photos] = await Promise.all([
    db.selectFrom('clinic_hospitals').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.hospital_id))]).execute(),
    db.selectFrom('clinic_departments').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.department_id))]).execute(),
    loadPhotos(db, rows.flatMap((r) => (r.photo_media_id ? [r.photo_media_id] : []))),
  ])
  const h = new Map(hospitals.map((x) => [x.id, { id: x.id, name: x.name, level: x.level, county: x.county, address: x.address }]))
  const d = new Map(departments.map((x) => [x.id, { id: x.id, name: x.name, intro: x.intro }]))
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    title: r.title,
    hospital: h.get(r.hospital_id) as Hospital,
    department: d.get(r.department_id) as Department,
    specialty: r.specialty,
    intro: r.intro,
    rating: r.rating_count > 0 ? Math.round((Number(r.rating_sum) * 10) / Number(r.rating_count)) / 10 : null,
    ratingCount: Number(r.rating_count),
    fees: { text: numOrNull(r.fee_text_fen), phone: numOrNull(r.fee_phone_fen), video: numOrNull(r.fee_video_fen) },
    photo: r.photo_media_id ? (photos.get(r.photo_media_id) ?? null) : null,
  }))
}

const numOrNull = (v: number | null) => (v === null ? null : Number(v))

export async function searchDoctors(
  db: ClinicDb,
  query: { q?: string; department?: string; hospital?: string; page?: number; size?: number },
): Promise<DoctorPage> {
  const page = query.page ?? 1
  const size = query.size ?? 20
  let q = db.selectFrom('clinic_doctors').selectAll()
  if (query.department) q = q.where('department_id', '=', query.department)
  if (query.hospital) q = q.where('hospital_id', '=', query.hospital)
  for (const word of (query.q ?? '').split(/\s+/).filter(Boolean)) {
    q = q.where(sql<boolean>`${sql.ref('search_text')} like ${containsPattern(word)} escape '\\'`)
  }
  const rows = await q
    .orderBy('rating_count', 'desc')
    .orderBy('name')
    .orderBy('id')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute()
  return { items: await toDoctors(db, rows.slice(0, size)), page, size, hasMore: rows.length > size }
}

export async function getDoctor(db: ClinicDb, id: string): Promise<Doctor> {
  const row = await db.selectFrom('clinic_doctors').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw clinicErrors.doctorNotFound()
  return (await toDoctors(db, [row]))[0] as Doctor
}

/** The doctor page: the doctor and the slots of the next 7 Shanghai days (today first). */
export async function doctorPage(db: ClinicDb, id: string, now: number): Promise<DoctorResponse> {
  const doctor = await getDoctor(db, id)
  const today = shanghaiDate(now)
  const last = dayjs.tz(today, SHANGHAI).add(SCHEDULE_DAYS - 1, 'day').format('YYYY-MM-DD')
  const rows = await db
    .selectFrom('clinic_slots')
    .selectAll()
    .where('doctor_id', '=', id)
    .where('date', '>=', today)
    .where('date', '<=', last)
    .orderBy('starts_at')
    .execute()
  return { doctor, schedule: rows.map((r) => toSlot(r, now)), notice: FOLLOW_UP_NOTICE }
}

export function toSlot(row: SlotRow, now: number): Slot {
  const remaining = Math.max(0, Number(row.capacity) - Number(row.booked))
  return {
    id: row.id,
    doctorId: row.doctor_id,
    date: row.date,
    period: row.period,
    periodWord: SLOT_PERIODS[row.period].word,
    startsAt: toShanghaiIso(Number(row.starts_at)),
    endsAt: toShanghaiIso(Number(row.ends_at)),
    capacity: Number(row.capacity),
    remaining,
    bookable: remaining > 0 && Number(row.ends_at) > now,
  }
}

// ---------------------------------------------------------------- setting up (seed, tests, administration)

export interface NewDoctor {
  name: string
  title: DoctorTitle
  hospitalId: string
  departmentId: string
  specialty: string
  intro: string
  fees: { text: number | null; phone: number | null; video: number | null }
  photoMediaId?: string | null
  userId?: string | null
}

export async function ensureHospital(db: ClinicDb, h: { name: string; level: HospitalLevel; county: string; address: string }): Promise<string> {
  await db
    .insertInto('clinic_hospitals')
    .values({ id: newId(), ...h })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  return (await db.selectFrom('clinic_hospitals').select('id').where('name', '=', h.name).executeTakeFirstOrThrow()).id
}

export async function createDoctor(db: ClinicDb, d: NewDoctor, now: number): Promise<string> {
  const [hospital, department] = await Promise.all([
    db.selectFrom('clinic_hospitals').select('name').where('id', '=', d.hospitalId).executeTakeFirstOrThrow(),
    db.selectFrom('clinic_departments').select('name').where('id', '=', d.departmentId).executeTakeFirstOrThrow(),
  ])
  const id = newId()
  await db
    .insertInto('clinic_doctors')
    .values({
      id,
      user_id: d.userId ?? null,
      hospital_id: d.hospitalId,
      department_id: d.departmentId,
      name: d.name,
      title: d.title,
      specialty: d.specialty,
      intro: d.intro,
      fee_text_fen: d.fees.text,
      fee_phone_fen: d.fees.phone,
      fee_video_fen: d.fees.video,
      photo_media_id: d.photoMediaId ?? null,
      rating_sum: 0,
      rating_count: 0,
      search_text: `${d.name} ${d.title} ${d.specialty} ${hospital.name} ${department.name}`.toLowerCase(),
      created_at: now,
    })
    .execute()
  return id
}

/**
 * Publishes the doctor's slots for the next `days` Shanghai days (today first) in the given
 * periods. Idempotent: a slot that exists (doctor, day, period) is left as it is, places taken included.
 */
export async function ensureSchedule(
  db: ClinicDb,
  doctorId: string,
  now: number,
  options: { days?: number; periods?: SlotPeriod[]; capacity?: number } = {},
): Promise<void> {
  const days = options.days ?? SCHEDULE_DAYS
  const periods = options.periods ?? (['morning', 'afternoon', 'evening'] as SlotPeriod[])
  const today = dayjs.tz(shanghaiDate(now), SHANGHAI)
  const values = []
  for (let i = 0; i < days; i++) {
    const date = today.add(i, 'day').format('YYYY-MM-DD')
    for (const period of periods) {
      const t = slotTimes(date, period)
      values.push({ id: newId(), doctor_id: doctorId, date, period, starts_at: t.startsAt, ends_at: t.endsAt, capacity: options.capacity ?? 5, booked: 0 })
    }
  }
  if (values.length === 0) return
  await db
    .insertInto('clinic_slots')
    .values(values)
    .onConflict((oc) => oc.columns(['doctor_id', 'date', 'period']).doNothing())
    .execute()
}
