import { AppError, errors } from '../../platform/errors'
import type { ReminderScheduler } from '../reminders/schedule'
import type { ClinicDb } from './schema'

export interface ClinicDeps {
  db: ClinicDb
  now: () => number
  /** How long an unpaid booking holds its place before it is cancelled and the place released. */
  holdMs: number
  /** How long a started payment may take (the payments module's timeout): a hold never ends before it. */
  paymentTimeoutMs: number
  /** Per-account limits (config `clinicLimits`); DEFAULT_CLINIC_LIMITS when not given. */
  limits?: ClinicLimits
  /** Where the appointment reminders are scheduled (modules/reminders); absent: none are. */
  scheduler?: ReminderScheduler | null
}

export const DEFAULT_CLINIC_HOLD_MS = 15 * 60_000

/**
 * Per account: `unpaidBookings` unpaid bookings at once (each holds a place), `placesPerSlot` live
 * bookings in one slot (a family may see the same doctor together; one account cannot take a whole
 * slot), `patients` people (the holder and family). The config's CLINIC_* settings.
 */
export interface ClinicLimits {
  unpaidBookings: number
  placesPerSlot: number
  patients: number
}
export const DEFAULT_CLINIC_LIMITS: ClinicLimits = { unpaidBookings: 3, placesPerSlot: 3, patients: 10 }

// ---------------------------------------------------------------- errors a villager can act on

export const clinicErrors = {
  doctorNotFound: () => errors.notFound('没有找到这位医生'),
  patientNotFound: () => errors.notFound('没有找到这位就诊人'),
  appointmentNotFound: () => errors.notFound('没有找到这个预约'),
  slotFull: () => new AppError(409, 'SLOT_FULL', '这个时段已经约满了，请换一个时段'),
  state: (message: string) => new AppError(409, 'APPOINTMENT_STATE_CONFLICT', message),
  conflict: (message: string) => new AppError(409, 'CONFLICT', message),
  /** A per-account limit: the message says what to do (pay or cancel a booking, remove a family member). */
  quota: (message: string) => new AppError(409, 'QUOTA_EXCEEDED', message),
  notADoctor: () => new AppError(403, 'NOT_A_DOCTOR', '这个账号不是医生账号，不能使用医生工作台'),
  field: (field: string, message: string) => errors.validation([{ field, message }]),
}

// ---------------------------------------------------------------- helpers

// Shared with every domain module; re-exported so the clinic's files import from one place.
export { affected, containsPattern, isUniqueViolation, parseIds } from '../../platform/db/rows'
export { loadPhotos, requireOwnPhotos } from '../../platform/media/photos'

/** Sortable ids (events, messages): platform/ids' newSortableId, under the name the clinic's files use. */
export { newSortableId as sortableId } from '../../platform/ids'
