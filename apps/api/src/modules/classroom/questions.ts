import { sql } from 'kysely'
import { toShanghaiIso, type AnswerQuestionRequest, type AskQuestionRequest, type Question, type QuestionPage } from '@tianyuan/contracts'
import { lockUserRow } from '../../platform/db/user-lock'
import { AppError, errors } from '../../platform/errors'
import { answerInTransaction } from '../../platform/idempotency'
import { newSortableId } from '../../platform/ids'
import { classroomExtrasDb, type ClassroomExtrasDatabase, type ClassroomExtrasDb, type QuestionRow } from './extras-schema'
import { classroomErrors, loadPhotos, requireOwnPhotos, type ClassroomDeps } from './shared'
import { accessOf, coursesWithTeacher, isLocked, type CourseWithTeacher } from './views'
import { parseIds } from '../../platform/db/rows'
import { scheduleAnsweredReminder } from '../reminders/schedule'

// Questions to the teacher: a learner asks about a lesson they may open (text and up to 3 of their
// own photos); they see their own questions and the answers; the course's teacher lists their
// courses' questions (unanswered first) and answers. Nobody else sees a question: another learner's
// or another teacher's question is 404, as if it did not exist.

/**
 * Per learner, so one account cannot bury a teacher: `unansweredPerCourse` questions waiting in
 * one course at once, `perDay` questions in any 24 hours. Counted under the learner's row lock in
 * the insert's transaction, so requests arriving together are counted one after another.
 */
export interface QuestionLimits {
  unansweredPerCourse: number
  perDay: number
}
export const DEFAULT_QUESTION_LIMITS: QuestionLimits = { unansweredPerCourse: 5, perDay: 20 }

const DAY_MS = 24 * 3600_000

export const questionErrors = {
  notFound: () => errors.notFound('没有找到这个提问'),
  quota: (message: string) => new AppError(409, 'QUOTA_EXCEEDED', message),
}

export interface QuestionDeps extends ClassroomDeps {
  questionLimits?: QuestionLimits
}

/** `POST /api/classroom/lessons/:id/questions`. */
export async function askQuestion(deps: QuestionDeps, userId: string, lessonId: string, body: AskQuestionRequest): Promise<Question> {
  const { db } = deps
  const lesson = await db.selectFrom('classroom_lessons').selectAll().where('id', '=', lessonId).executeTakeFirst()
  if (!lesson) throw classroomErrors.lessonNotFound()
  const course = (await coursesWithTeacher(db).where('c.id', '=', lesson.course_id).executeTakeFirst()) as CourseWithTeacher | undefined
  if (!course || (course.status !== 'published' && course.teacher_user_id !== userId)) throw classroomErrors.lessonNotFound()
  const access = (await accessOf(db, userId, [course])).get(course.id) ?? 'trial_only'
  if (isLocked(access, lesson)) throw classroomErrors.locked()
  const photoIds = body.photoIds ?? []
  await requireOwnPhotos(db, userId, photoIds, 'photoIds')
  const limits = deps.questionLimits ?? DEFAULT_QUESTION_LIMITS
  const now = deps.now()
  return classroomExtrasDb(db)
    .transaction()
    .execute(async (tx) => {
      await lockUserRow(tx, userId)
      const count = async (since: number | null, courseId: string | null) => {
        let q = tx.selectFrom('classroom_questions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId)
        if (since !== null) q = q.where('asked_at', '>', since)
        if (courseId !== null) q = q.where('course_id', '=', courseId).where('answered_at', 'is', null)
        return Number((await q.executeTakeFirst())?.n ?? 0)
      }
      const waiting = await count(null, course.id)
      if (waiting >= limits.unansweredPerCourse) {
        throw questionErrors.quota(`这门课您已有 ${waiting} 个问题等老师回答（最多 ${limits.unansweredPerCourse} 个）。老师回答后再问，或把几个问题写在一起`)
      }
      const today = await count(now - DAY_MS, null)
      if (today >= limits.perDay) throw questionErrors.quota(`一天最多提 ${limits.perDay} 个问题，您今天已经提了 ${today} 个，请明天再问`)
      const id = newSortableId(now)
      await tx
        .insertInto('classroom_questions')
        .values({ id, user_id: userId, course_id: course.id, lesson_id: lesson.id, text: body.text, photo_ids: JSON.stringify(photoIds), asked_at: now, answer_text: null, answer_photo_ids: null, answered_by: null, answered_at: null })
        .execute()
      const question = (await toQuestions(tx, await questionRows(tx).where('q.id', '=', id).execute()))[0]!
      await answerInTransaction(tx, 201, { question })
      return question
    })
}

/** `GET /api/classroom/my/questions`: the learner's own, newest first. */
export async function myQuestions(deps: QuestionDeps, userId: string, query: { lessonId?: string; courseId?: string; page?: number; size?: number }): Promise<QuestionPage> {
  const db = classroomExtrasDb(deps.db)
  const page = query.page ?? 1
  const size = query.size ?? 20
  let q = questionRows(db).where('q.user_id', '=', userId)
  if (query.lessonId) q = q.where('q.lesson_id', '=', query.lessonId)
  if (query.courseId) q = q.where('q.course_id', '=', query.courseId)
  const rows = await q.orderBy('q.id', 'desc').limit(size + 1).offset((page - 1) * size).execute()
  let unanswered = db.selectFrom('classroom_questions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('answered_at', 'is', null)
  if (query.lessonId) unanswered = unanswered.where('lesson_id', '=', query.lessonId)
  if (query.courseId) unanswered = unanswered.where('course_id', '=', query.courseId)
  const n = Number((await unanswered.executeTakeFirst())?.n ?? 0)
  return { items: await toQuestions(db, rows.slice(0, size)), page, size, hasMore: rows.length > size, unansweredCount: n }
}

/** `GET /api/classroom/questions/:id`: its asker, or the teacher of its course. */
export async function getQuestion(deps: QuestionDeps, userId: string, id: string): Promise<Question> {
  const db = classroomExtrasDb(deps.db)
  const row = await questionRows(db).where('q.id', '=', id).executeTakeFirst()
  if (!row || (row.user_id !== userId && row.teacher_user_id !== userId)) throw questionErrors.notFound()
  return (await toQuestions(db, [row]))[0]!
}

/** `GET /api/classroom/teacher/questions`: the questions of the teacher's courses; unanswered first (who waited longest first), then answered (newest first). */
export async function teacherQuestions(
  deps: QuestionDeps,
  teacherId: string,
  query: { courseId?: string; status?: 'unanswered' | 'answered' | 'all'; page?: number; size?: number },
): Promise<QuestionPage> {
  const db = classroomExtrasDb(deps.db)
  const page = query.page ?? 1
  const size = query.size ?? 20
  if (query.courseId) {
    const own = await db.selectFrom('classroom_courses').select('id').where('id', '=', query.courseId).where('teacher_id', '=', teacherId).executeTakeFirst()
    if (!own) throw classroomErrors.courseNotFound()
  }
  let q = questionRows(db).where('c.teacher_id', '=', teacherId)
  if (query.courseId) q = q.where('q.course_id', '=', query.courseId)
  if (query.status === 'unanswered') q = q.where('q.answered_at', 'is', null)
  if (query.status === 'answered') q = q.where('q.answered_at', 'is not', null)
  const rows = await q
    .orderBy(sql`case when q.answered_at is null then 0 else 1 end`)
    .orderBy(sql`case when q.answered_at is null then q.asked_at else -q.asked_at end`)
    .orderBy('q.id')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute()
  let unanswered = db
    .selectFrom('classroom_questions as q')
    .innerJoin('classroom_courses as c', 'c.id', 'q.course_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.teacher_id', '=', teacherId)
    .where('q.answered_at', 'is', null)
  if (query.courseId) unanswered = unanswered.where('q.course_id', '=', query.courseId)
  const n = Number((await unanswered.executeTakeFirst())?.n ?? 0)
  return { items: await toQuestions(db, rows.slice(0, size)), page, size, hasMore: rows.length > size, unansweredCount: n }
}

/** `POST /api/classroom/teacher/questions/:id/answer`: the course's teacher answers (answering again replaces the answer). */
export async function answerQuestion(deps: QuestionDeps, userId: string, teacherId: string, id: string, body: AnswerQuestionRequest): Promise<Question> {
  const db = classroomExtrasDb(deps.db)
  const row = await questionRows(db).where('q.id', '=', id).executeTakeFirst()
  if (!row || row.teacher_id !== teacherId) throw questionErrors.notFound()
  const photoIds = body.photoIds ?? []
  await requireOwnPhotos(db, userId, photoIds, 'photoIds')
  const now = deps.now()
  return db.transaction().execute(async (tx) => {
    await tx
      .updateTable('classroom_questions')
      .set({ answer_text: body.text ?? '', answer_photo_ids: JSON.stringify(photoIds), answered_by: userId, answered_at: now })
      .where('id', '=', id)
      .execute()
    // 问题回复通知 to the learner, sent right after this commits (modules/reminders; once per question).
    await scheduleAnsweredReminder<ClassroomExtrasDatabase>(deps.scheduler, tx, id, now)
    const question = (await toQuestions(tx, await questionRows(tx).where('q.id', '=', id).execute()))[0]!
    await answerInTransaction(tx, 200, { question })
    return question
  })
}

// ---------------------------------------------------------------- views

/** Questions with their lesson, course, teacher and asker. */
function questionRows(db: ClassroomExtrasDb) {
  return db
    .selectFrom('classroom_questions as q')
    .innerJoin('classroom_lessons as l', 'l.id', 'q.lesson_id')
    .innerJoin('classroom_courses as c', 'c.id', 'q.course_id')
    .innerJoin('classroom_teachers as t', 't.id', 'c.teacher_id')
    .innerJoin('users as u', 'u.id', 'q.user_id')
    .selectAll('q')
    .select(['l.title as lesson_title', 'c.title as course_title', 'c.teacher_id', 't.name as teacher_name', 't.user_id as teacher_user_id', 'u.nickname as asker_nickname'])
}
type QuestionViewRow = QuestionRow & { lesson_title: string; course_title: string; teacher_id: string; teacher_name: string; teacher_user_id: string | null; asker_nickname: string | null }

async function toQuestions(db: ClassroomExtrasDb, rows: QuestionViewRow[]): Promise<Question[]> {
  const photos = await loadPhotos(db, rows.flatMap((r) => [...parseIds(r.photo_ids), ...(r.answer_photo_ids ? parseIds(r.answer_photo_ids) : [])]))
  const resolve = (json: string) => parseIds(json).flatMap((id) => photos.get(id) ?? [])
  return rows.map((r) => ({
    id: r.id,
    courseId: r.course_id,
    courseTitle: r.course_title,
    lessonId: r.lesson_id,
    lessonTitle: r.lesson_title,
    askerName: r.asker_nickname?.trim() || '学员',
    text: r.text,
    photos: resolve(r.photo_ids),
    askedAt: toShanghaiIso(Number(r.asked_at)),
    answer:
      r.answered_at === null
        ? null
        : { text: r.answer_text ?? '', photos: resolve(r.answer_photo_ids ?? '[]'), teacherName: r.teacher_name, answeredAt: toShanghaiIso(Number(r.answered_at)) },
  }))
}
