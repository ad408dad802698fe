import type { ReminderScheduler } from '../reminders/schedule'
import { AppError, errors } from '../../platform/errors'
import type { LessonMediaService } from '../lesson-media/types'
import type { ClassroomDb } from './schema'

export interface ClassroomDeps {
  db: ClassroomDb
  now: () => number
  /** How long an unpaid purchase may be paid (then it is cancelled; buying again makes a new one). */
  holdMs: number
  /** The payments module's timeout for an unpaid payment: a purchase's hold never ends before it. */
  paymentTimeoutMs: number
  /** Lesson media (uploads, editions, signed URLs); null where it is not set up (media then reads 'none'). */
  lessonMedia: LessonMediaService | null
  /** Where the 问题回复通知 reminders are scheduled (modules/reminders); absent: none are. */
  scheduler?: ReminderScheduler | null
}

export const DEFAULT_CLASSROOM_HOLD_MS = 30 * 60_000

// ---------------------------------------------------------------- errors a villager can act on

export const classroomErrors = {
  courseNotFound: () => errors.notFound('没有找到这门课程'),
  lessonNotFound: () => errors.notFound('没有找到这节课'),
  purchaseNotFound: () => errors.notFound('没有找到这笔购买记录'),
  locked: () => new AppError(403, 'LESSON_LOCKED', '这节课需要购买课程后才能学习，可以先看试看课'),
  notATeacher: () => new AppError(403, 'NOT_A_TEACHER', '这个账号不是讲师账号，不能使用讲师工作台'),
  conflict: (message: string) => new AppError(409, 'CONFLICT', message),
  field: (field: string, message: string) => errors.validation([{ field, message }]),
}

export { affected, containsPattern, isUniqueViolation } from '../../platform/db/rows'
export { loadPhotos, requireOwnPhotos } from '../../platform/media/photos'

/** A JSON column, or `fallback` when it is empty or not what was written. */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}
