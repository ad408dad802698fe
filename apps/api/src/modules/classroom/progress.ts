import type { Transaction } from 'kysely'
import {
  MAX_LESSON_SECONDS,
  coveredSeconds,
  isLessonDone,
  mergeSegments,
  quizPasses,
  toShanghaiIso,
  type CourseProgress,
  type LessonProgress,
  type ProgressBatchRequest,
  type ProgressBatchResponse,
  type ProgressEventResult,
  type QuizResult,
  type QuizSubmitRequest,
  type QuizSubmitResponse,
} from '@tianyuan/contracts'
import { answerInTransaction } from '../../platform/idempotency'
import { lockUserRow } from '../../platform/db/user-lock'
import { newSortableId } from '../../platform/ids'
import type { ClassroomDatabase, ClassroomDb, LessonRow, ProgressRow } from './schema'
import { affected, classroomErrors, parseJson, type ClassroomDeps } from './shared'
import { accessOf, coursesWithTeacher, iso, isLocked, lessonDuration, mediaOf, quizOf, toLessonProgress, type CourseWithTeacher } from './views'

// Progress: batches of events from the phone (offline first), replayed safely; quizzes; course completion.
//
// Replays never count twice: each event's id is recorded (classroom_progress_events, primary key
// user + id) in the transaction that applies it, so a batch sent again — or two copies racing — finds
// its events already there. What an event says is applied so that order does not matter either:
// - the resume position is the position of the latest event by the phone's clock (a rewind to
//   watch a part again resumes there, not at the furthest point);
// - the furthest point is the maximum;
// - played seconds are the union of the played segments (a part watched twice counts once); a phone
//   that sends only `watchedS` gets their sum, capped at the lesson's length;
// - done (once, never undone): ≥ 90 % played, 图文 read to the end, or the quiz passed.

type Tx = Transaction<ClassroomDatabase>

interface LessonInfo {
  lesson: LessonRow
  course: CourseWithTeacher
  locked: boolean
  durationS: number | null
}

/** The lessons a batch names, with their courses, the viewer's access and the known durations. */
async function lessonsFor(deps: ClassroomDeps, userId: string, lessonIds: readonly string[]): Promise<Map<string, LessonInfo>> {
  const { db } = deps
  const unique = [...new Set(lessonIds)]
  const lessons = unique.length ? await db.selectFrom('classroom_lessons').selectAll().where('id', 'in', unique).execute() : []
  const courseIds = [...new Set(lessons.map((l) => l.course_id))]
  const courses = courseIds.length ? ((await coursesWithTeacher(db).where('c.id', 'in', courseIds).execute()) as CourseWithTeacher[]) : []
  const byId = new Map(courses.map((c) => [c.id, c]))
  const access = await accessOf(db, userId, courses)
  // Video and audio durations come from lesson-media (sizes only: nothing is signed here).
  const media = await mediaOf(db, deps.lessonMedia, lessons.filter((l) => l.duration_s === null), { viewerId: userId, signedFor: () => false })
  const info = new Map<string, LessonInfo>()
  for (const lesson of lessons) {
    const course = byId.get(lesson.course_id)
    if (!course) continue
    // A draft course is its teacher's alone.
    if (course.status !== 'published' && course.teacher_user_id !== userId) continue
    const a = access.get(course.id) ?? 'trial_only'
    info.set(lesson.id, { lesson, course, locked: isLocked(a, lesson), durationS: lessonDuration(lesson, media.get(lesson.id)) })
  }
  return info
}

function emptyProgress(userId: string, info: LessonInfo, now: number): ProgressRow {
  return {
    user_id: userId,
    lesson_id: info.lesson.id,
    course_id: info.course.id,
    position_s: 0,
    position_at: 0,
    furthest_s: 0,
    segments: '[]',
    covered_s: 0,
    watched_s: 0,
    read_at: null,
    quiz_passed: 0,
    done_at: null,
    done_by: null,
    updated_at: now,
  }
}

async function readProgress(tx: Tx, userId: string, lessonIds: readonly string[]): Promise<Map<string, ProgressRow>> {
  if (lessonIds.length === 0) return new Map()
  const rows = await tx.selectFrom('classroom_progress').selectAll().where('user_id', '=', userId).where('lesson_id', 'in', [...lessonIds]).execute()
  return new Map(rows.map((r) => [r.lesson_id, r]))
}

async function writeProgress(tx: Tx, row: ProgressRow): Promise<void> {
  // Everything but the key is the row's new state.
  const { user_id: _user, lesson_id: _lesson, ...rest } = row
  await tx
    .insertInto('classroom_progress')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'lesson_id']).doUpdateSet(rest))
    .execute()
}

/** Marks done once (never undone): the rule of classroom-rules' isLessonDone. */
function settleDone(row: ProgressRow, info: LessonInfo, now: number): boolean {
  if (row.done_at !== null) return false
  const done = isLessonDone({ kind: info.lesson.kind, durationS: info.durationS, coveredS: Number(row.covered_s), quizPassed: Number(row.quiz_passed) === 1, readToEnd: row.read_at !== null })
  if (!done) return false
  row.done_at = now
  row.done_by = Number(row.quiz_passed) === 1 ? 'quiz' : info.lesson.kind === 'article' ? 'read' : 'watched'
  return true
}

/** The learner is active in the course (listed in 我的课程 from the first lesson learnt); completion set once all its lessons are done. */
async function touchEnrolment(tx: Tx, userId: string, courseId: string, now: number): Promise<void> {
  await tx
    .insertInto('classroom_enrolments')
    .values({ user_id: userId, course_id: courseId, source: 'progress', enrolled_at: now, last_active_at: now, completed_at: null })
    .onConflict((oc) => oc.columns(['user_id', 'course_id']).doUpdateSet({ last_active_at: now }))
    .execute()
}

async function settleCompletion(tx: Tx, userId: string, courseId: string, now: number): Promise<void> {
  const [total, done] = await Promise.all([
    tx.selectFrom('classroom_lessons').select((eb) => eb.fn.countAll<number>().as('n')).where('course_id', '=', courseId).executeTakeFirstOrThrow(),
    tx
      .selectFrom('classroom_progress as p')
      .innerJoin('classroom_lessons as l', 'l.id', 'p.lesson_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('p.user_id', '=', userId)
      .where('l.course_id', '=', courseId)
      .where('p.done_at', 'is not', null)
      .executeTakeFirstOrThrow(),
  ])
  if (Number(total.n) > 0 && Number(done.n) >= Number(total.n)) {
    await tx.updateTable('classroom_enrolments').set({ completed_at: now }).where('user_id', '=', userId).where('course_id', '=', courseId).where('completed_at', 'is', null).execute()
  }
}

/** Course progress for several courses of one learner. */
export async function courseProgressOf(db: ClassroomDb | Tx, userId: string, courseIds: readonly string[]): Promise<Map<string, CourseProgress>> {
  const result = new Map<string, CourseProgress>()
  if (courseIds.length === 0) return result
  const ids = [...courseIds]
  const [totals, dones, enrolments] = await Promise.all([
    db.selectFrom('classroom_lessons').select((eb) => ['course_id', eb.fn.countAll<number>().as('n')]).where('course_id', 'in', ids).groupBy('course_id').execute(),
    db
      .selectFrom('classroom_progress as p')
      .innerJoin('classroom_lessons as l', 'l.id', 'p.lesson_id')
      .select((eb) => ['l.course_id', eb.fn.countAll<number>().as('n')])
      .where('p.user_id', '=', userId)
      .where('l.course_id', 'in', ids)
      .where('p.done_at', 'is not', null)
      .groupBy('l.course_id')
      .execute(),
    db.selectFrom('classroom_enrolments').select(['course_id', 'completed_at']).where('user_id', '=', userId).where('course_id', 'in', ids).execute(),
  ])
  const total = new Map(totals.map((r) => [r.course_id, Number(r.n)]))
  const done = new Map(dones.map((r) => [r.course_id, Number(r.n)]))
  const completed = new Map(enrolments.map((r) => [r.course_id, r.completed_at]))
  for (const id of ids) {
    const completedAt = completed.get(id) ?? null
    result.set(id, { doneLessons: done.get(id) ?? 0, totalLessons: total.get(id) ?? 0, completed: completedAt !== null, completedAt: iso(completedAt) })
  }
  return result
}

/**
 * For certificates (a later module): whether the learner has completed the course (every lesson
 * done), and when — set once, when the last lesson was done; null while not completed.
 */
export async function courseCompletedBy(db: ClassroomDb, userId: string, courseId: string): Promise<{ completed: boolean; completedAt: number | null }> {
  const row = await db.selectFrom('classroom_enrolments').select('completed_at').where('user_id', '=', userId).where('course_id', '=', courseId).executeTakeFirst()
  const completedAt = row?.completed_at === null || row?.completed_at === undefined ? null : Number(row.completed_at)
  return { completed: completedAt !== null, completedAt }
}

/** `POST /api/classroom/progress`. */
export async function applyProgressBatch(deps: ClassroomDeps, userId: string, batch: ProgressBatchRequest): Promise<ProgressBatchResponse> {
  const infos = await lessonsFor(deps, userId, batch.events.map((e) => e.lessonId))
  const now = deps.now()
  return deps.db.transaction().execute(async (tx) => {
    // One batch of a learner at a time: two copies of a batch racing apply their events once between them.
    await lockUserRow(tx, userId)
    const rows = await readProgress(tx, userId, [...infos.keys()])
    const touched = new Set<string>()
    const results: ProgressEventResult[] = []
    for (const event of batch.events) {
      const info = infos.get(event.lessonId)
      const reject = (message: string) => results.push({ clientEventId: event.clientEventId, status: 'rejected', message })
      if (!info) {
        reject('没有找到这节课，可能已被删除')
        continue
      }
      if (info.locked) {
        reject('这节课需要购买课程后才能学习')
        continue
      }
      const inserted = await tx
        .insertInto('classroom_progress_events')
        .values({ user_id: userId, client_event_id: event.clientEventId, lesson_id: event.lessonId, applied_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'client_event_id']).doNothing())
        .executeTakeFirst()
      if (affected(inserted) !== 1) {
        results.push({ clientEventId: event.clientEventId, status: 'duplicate', message: null })
        continue
      }
      const row = rows.get(info.lesson.id) ?? emptyProgress(userId, info, now)
      applyEvent(row, info, event)
      row.updated_at = now
      rows.set(info.lesson.id, row)
      touched.add(info.lesson.id)
      results.push({ clientEventId: event.clientEventId, status: 'applied', message: null })
    }
    const courses = new Set<string>()
    for (const lessonId of touched) {
      const row = rows.get(lessonId)!
      const info = infos.get(lessonId)!
      const newlyDone = settleDone(row, info, now)
      await writeProgress(tx, row)
      await touchEnrolment(tx, userId, info.course.id, now)
      if (newlyDone) await settleCompletion(tx, userId, info.course.id, now)
      courses.add(info.course.id)
    }
    // Every lesson the batch named that the learner may open, touched or not (a replay answers the same).
    const named = [...infos.values()].filter((i) => !i.locked)
    const current = await readProgress(tx, userId, named.map((i) => i.lesson.id))
    const lessons: LessonProgress[] = []
    for (const i of named) {
      const row = current.get(i.lesson.id)
      if (row) lessons.push(toLessonProgress(row, i.durationS))
      courses.add(i.course.id)
    }
    const progress = await courseProgressOf(tx, userId, [...courses])
    const response: ProgressBatchResponse = { results, lessons, courses: [...progress].map(([courseId, p]) => ({ courseId, progress: p })) }
    await answerInTransaction(tx, 200, response)
    return response
  })
}

function applyEvent(row: ProgressRow, info: LessonInfo, event: ProgressBatchRequest['events'][number]): void {
  const limit = info.durationS ?? MAX_LESSON_SECONDS
  const at = Date.parse(event.at)
  const position = Math.min(event.positionS, limit)
  // The latest event decides where to resume (ties: the further position).
  if (at > Number(row.position_at) || (at === Number(row.position_at) && position > Number(row.position_s))) {
    row.position_s = position
    row.position_at = at
  }
  row.furthest_s = Math.max(Number(row.furthest_s), position, ...(event.segments ?? []).map(([, b]) => Math.min(b, limit)))
  row.watched_s = Number(row.watched_s) + (event.watchedS ?? 0)
  const segments = mergeSegments([...parseJson<Array<[number, number]>>(row.segments, []), ...(event.segments ?? [])], limit)
  row.segments = JSON.stringify(segments)
  row.covered_s = segments.length > 0 ? coveredSeconds(segments, limit) : Math.min(Number(row.watched_s), limit)
  if (info.lesson.kind === 'article' && event.completedAt) {
    const readAt = Date.parse(event.completedAt)
    row.read_at = row.read_at === null ? readAt : Math.min(Number(row.read_at), readAt)
  }
}

// ---------------------------------------------------------------- quizzes

/** `POST /api/classroom/lessons/:id/quiz`: scored against the stored answers; a pass marks the lesson done. */
export async function submitQuiz(deps: ClassroomDeps, userId: string, lessonId: string, body: QuizSubmitRequest): Promise<QuizSubmitResponse> {
  const info = (await lessonsFor(deps, userId, [lessonId])).get(lessonId)
  if (!info) throw classroomErrors.lessonNotFound()
  if (info.locked) throw classroomErrors.locked()
  const quiz = quizOf(info.lesson)
  if (!quiz) throw classroomErrors.conflict('这节课没有测验')
  if (body.answers.length !== quiz.questions.length) throw classroomErrors.field('answers', `请回答全部 ${quiz.questions.length} 道题`)
  const correct = quiz.questions.map((q, i) => body.answers[i] === q.answer)
  const correctCount = correct.filter(Boolean).length
  const total = quiz.questions.length
  const passed = quizPasses(correctCount, total, quiz.passPercent)
  const now = deps.now()
  return deps.db.transaction().execute(async (tx) => {
    await lockUserRow(tx, userId)
    await tx
      .insertInto('classroom_quiz_attempts')
      .values({
        id: newSortableId(now),
        user_id: userId,
        lesson_id: lessonId,
        answers: JSON.stringify(body.answers),
        correct: JSON.stringify(correct),
        correct_count: correctCount,
        total,
        pass_percent: quiz.passPercent,
        passed: passed ? 1 : 0,
        submitted_at: now,
      })
      .execute()
    const row = (await readProgress(tx, userId, [lessonId])).get(lessonId) ?? emptyProgress(userId, info, now)
    if (passed) row.quiz_passed = 1
    row.updated_at = now
    const newlyDone = settleDone(row, info, now)
    await writeProgress(tx, row)
    await touchEnrolment(tx, userId, info.course.id, now)
    if (newlyDone) await settleCompletion(tx, userId, info.course.id, now)
    const course = (await courseProgressOf(tx, userId, [info.course.id])).get(info.course.id)!
    const result: QuizResult = {
      correctCount,
      total,
      percent: Math.round((correctCount * 100) / total),
      passPercent: quiz.passPercent,
      passed,
      correct,
      submittedAt: toShanghaiIso(now),
    }
    const response: QuizSubmitResponse = { result, progress: toLessonProgress(row, info.durationS), course }
    await answerInTransaction(tx, 200, response)
    return response
  })
}

/** The learner's latest attempt at a lesson's quiz. */
export async function lastQuizResult(db: ClassroomDb, userId: string, lessonId: string): Promise<QuizResult | null> {
  const r = await db
    .selectFrom('classroom_quiz_attempts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('lesson_id', '=', lessonId)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  if (!r) return null
  return {
    correctCount: Number(r.correct_count),
    total: Number(r.total),
    percent: Math.round((Number(r.correct_count) * 100) / Number(r.total)),
    passPercent: Number(r.pass_percent),
    passed: Number(r.passed) === 1,
    correct: parseJson<boolean[]>(r.correct, []),
    submittedAt: toShanghaiIso(Number(r.submitted_at)),
  }
}
