import { AppError, errors } from '../../platform/errors'
import { newId } from '../../platform/ids'
import type { ClinicDb } from './schema'

export interface ClinicDeps {
  db: ClinicDb
  now: () => number
  /** How long an unpaid booking holds its place before it is cancelled and the place released. */
  holdMs: number
  /** How long a started payment may take (the payments module's timeout): a hold never ends before it. */
  paymentTimeoutMs: number
}

export const DEFAULT_CLINIC_HOLD_MS = 15 * 60_000

// ---------------------------------------------------------------- errors a villager can act on

export const clinicErrors = {
  doctorNotFound: () => errors.notFound('没有找到这位医生'),
  patientNotFound: () => errors.notFound('没有找到这位就诊人'),
  appointmentNotFound: () => errors.notFound('没有找到这个预约'),
  slotFull: () => new AppError(409, 'SLOT_FULL', '这个时段已经约满了，请换一个时段'),
  state: (message: string) => new AppError(409, 'APPOINTMENT_STATE_CONFLICT', message),
  conflict: (message: string) => new AppError(409, 'CONFLICT', message),
  notADoctor: () => new AppError(403, 'NOT_A_DOCTOR', '这个账号不是医生账号，不能使用医生工作台'),
  field: (field: string, message: string) => errors.validation([{ field, message }]),
}

// ---------------------------------------------------------------- helpers

// Shared with every domain module; re-exported so the clinic's files import from one place.
export { affected, containsPattern, isUniqueViolation, parseIds } from '../../platform/db/rows'
export { loadPhotos, requireOwnPhotos } from '../../platform/media/photos'

let seq = 0
/** Sortable ids: the time, then a per-process counter, so rows of the same millisecond keep their order. */
// Across instances rows of one millisecond may interleave either way; each instance's own stay in order.
export function sortableId(at: number): string {
  seq = (seq + 1) % 36 ** 6
  return `${at.toString(36).padStart(9, '0')}${seq.toString(36).padStart(6, '0')}${newId().slice(0, 8)}`
}
