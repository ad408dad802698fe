import type { Kysely, Selectable } from 'kysely'
import type { AppointmentStatus, ConsultMode, DoctorTitle, HospitalLevel, Relation, SlotPeriod } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'

// The clinic's tables (migration 0004_clinic), kept beside the module: `clinicDb(db)` widens the
// shared Kysely instance with them (Kysely's withTables), so platform/db/schema.ts stays untouched.

export interface ClinicDepartmentsTable {
  id: string
  name: string
  intro: string
  sort: number
}

export interface ClinicHospitalsTable {
  id: string
  name: string
  level: HospitalLevel
  county: string
  address: string
}

export interface ClinicDoctorsTable {
  id: string
  user_id: string | null
  hospital_id: string
  department_id: string
  name: string
  title: DoctorTitle
  specialty: string
  intro: string
  fee_text_fen: number | null
  fee_phone_fen: number | null
  fee_video_fen: number | null
  photo_media_id: string | null
  rating_sum: number
  rating_count: number
  search_text: string
  created_at: number
}

export interface ClinicSlotsTable {
  id: string
  doctor_id: string
  /** YYYY-MM-DD, a Shanghai calendar day. */
  date: string
  period: SlotPeriod
  starts_at: number
  ends_at: number
  capacity: number
  booked: number
}

export interface ClinicPatientsTable {
  id: string
  user_id: string
  name: string
  relation: Relation
  id_number: string
  birth_date: string
  gender: '男' | '女'
  guardian_id: string | null
  created_at: number
}

export interface ClinicAppointmentsTable {
  id: string
  user_id: string
  patient_id: string
  doctor_id: string
  slot_id: string
  mode: ConsultMode
  status: AppointmentStatus
  fee_fen: number
  symptoms: string
  /** 电话问诊: the number the doctor calls (migration 0006); null otherwise. */
  callback_phone: string | null
  photo_ids: string
  hold_expires_at: number
  paid_at: number | null
  started_at: number | null
  finished_at: number | null
  cancelled_at: number | null
  cancel_reason: 'patient' | 'timeout' | null
  refund_fen: number | null
  advice: string | null
  prescription: string | null
  created_at: number
  updated_at: number
}

export interface ClinicEventsTable {
  id: string
  appointment_id: string
  actor: 'patient' | 'doctor' | 'system'
  actor_user_id: string | null
  action: string
  at: number
  note: string | null
}

export interface ClinicMessagesTable {
  id: string
  appointment_id: string
  client_id: string
  sender: 'patient' | 'doctor'
  sender_user_id: string
  text: string
  photo_ids: string
  created_at: number
}

export interface ClinicRatingsTable {
  appointment_id: string
  user_id: string
  doctor_id: string
  stars: number
  text: string
  created_at: number
}

export type ClinicTables = {
  clinic_departments: ClinicDepartmentsTable
  clinic_hospitals: ClinicHospitalsTable
  clinic_doctors: ClinicDoctorsTable
  clinic_slots: ClinicSlotsTable
  clinic_patients: ClinicPatientsTable
  clinic_appointments: ClinicAppointmentsTable
  clinic_events: ClinicEventsTable
  clinic_messages: ClinicMessagesTable
  clinic_ratings: ClinicRatingsTable
}

export type ClinicDatabase = Database & ClinicTables
export type ClinicDb = Kysely<ClinicDatabase>

export function clinicDb(db: Kysely<Database>): ClinicDb {
  return db.withTables<ClinicTables>()
}

export type DoctorRow = Selectable<ClinicDoctorsTable>
export type SlotRow = Selectable<ClinicSlotsTable>
export type PatientRow = Selectable<ClinicPatientsTable>
export type AppointmentRow = Selectable<ClinicAppointmentsTable>
