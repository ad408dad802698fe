import { AppError, errors } from '../../platform/errors'
import { newId } from '../../platform/ids'
import type { ClinicPhoto } from '@tianyuan/contracts'
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

export function affected(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint; numInsertedOrUpdatedRows?: bigint }): number {
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? result.numInsertedOrUpdatedRows ?? 0n)
}

export function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

let seq = 0
/** Sortable ids: the time, then a per-process counter, so rows of the same millisecond keep their order. */
// Across instances rows of one millisecond may interleave either way; each instance's own stay in order.
export function sortableId(at: number): string {
  seq = (seq + 1) % 36 ** 6
  return `${at.toString(36).padStart(9, '0')}${seq.toString(36).padStart(6, '0')}${newId().slice(0, 8)}`
}

export async function loadPhotos(db: ClinicDb, ids: Iterable<string>): Promise<Map<string, ClinicPhoto>> {
  const unique = [...new Set(ids)]
  const map = new Map<string, ClinicPhoto>()
  if (unique.length === 0) return map
  const rows = await db.selectFrom('media').select(['id', 'width', 'height', 'thumbhash']).where('id', 'in', unique).where('deleted_at', 'is', null).execute()
  for (const r of rows) map.set(r.id, { id: r.id, width: r.width, height: r.height, thumbhash: r.thumbhash })
  return map
}

/** Every id must be a live upload of this user's; else 400 naming the field. */
export async function requireOwnPhotos(db: ClinicDb, ownerId: string, ids: string[], field: string): Promise<void> {
  if (ids.length === 0) return
  const rows = await db.selectFrom('media').select('id').where('id', 'in', ids).where('owner_id', '=', ownerId).where('deleted_at', 'is', null).execute()
  const found = new Set(rows.map((r) => r.id))
  const missing = ids.findIndex((id) => !found.has(id))
  if (missing >= 0) throw clinicErrors.field(`${field}.${missing}`, '找不到这张照片，请重新上传')
}

/** A LIKE pattern matching `term` anywhere, with the wildcards % _ and the escape \ escaped. */
export function containsPattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}

/** True for a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null
  if (!e) return false
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || (typeof e.message === 'string' && /UNIQUE constraint failed/.test(e.message))
}
