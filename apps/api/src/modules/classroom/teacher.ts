import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import {
  COURSE_STATUS_WORDS,
  DEFAULT_PASS_PERCENT,
  LESSON_KIND_WORDS,
  TOPIC_WORDS,
  toShanghaiIso,
  type CreateCourseRequest,
  type CreateLessonRequest,
  type LearnersResponse,
  type LessonMedia,
  type QuizInput,
  type TeacherCourse,
  type TeacherLesson,
  type Topic,
  type UpdateCourseRequest,
  type UpdateLessonRequest,
} from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { newId } from '../../platform/ids'
import { answerInTransaction } from '../../platform/idempotency'
import { classroomDb, type ClassroomDb, type CourseRow, type LessonRow } from './schema'
import { searchColumns } from './search'
import { classroomErrors, type ClassroomDeps } from './shared'
import { articleBlocks, courseCards, coursesWithTeacher, iso, lessonDuration, mediaOf, NO_MEDIA, quizOf, type CourseWithTeacher, type StoredBlock, type StoredQuiz } from './views'
import { lessonsOf } from './catalog'

// The teacher's side: their courses and lessons, media processing, their learners' progress.
// A teacher is a classroom_teachers row linked to a user (the `teacher` role); every route here
// answers only for the teacher's own courses (another's → 404, as if it did not exist).

/** Whether the user is a teacher (lesson-media lets only teachers upload; /api/me lists the role). */
export async function isTeacher(db: Kysely<Database>, userId: string): Promise<boolean> {
  return (await classroomDb(db).selectFrom('classroom_teachers').select('id').where('user_id', '=', userId).executeTakeFirst()) !== undefined
}

export async function teacherIdOf(db: ClassroomDb, userId: string): Promise<string> {
  const row = await db.selectFrom('classroom_teachers').select('id').where('user_id', '=', userId).executeTakeFirst()
  if (!row) throw classroomErrors.notATeacher()
  return row.id
}

/** Makes a teacher (the seed and tests; there is no API to become one). Returns the teacher's id; idempotent by user. */
export async function createTeacher(db: ClassroomDb, t: { userId: string | null; name: string; org: string; intro: string; photoMediaId?: string | null }, now: number): Promise<string> {
  if (t.userId) {
    const existing = await db.selectFrom('classroom_teachers').select('id').where('user_id', '=', t.userId).executeTakeFirst()
    if (existing) return existing.id
  }
  const id = newId()
  await db.insertInto('classroom_teachers').values({ id, user_id: t.userId, name: t.name, org: t.org, intro: t.intro, photo_media_id: t.photoMediaId ?? null, created_at: now }).execute()
  return id
}

/** A course of this teacher's (another's → 404). */
async function ownCourse(db: ClassroomDb, teacherId: string, courseId: string): Promise<CourseWithTeacher> {
  const course = (await coursesWithTeacher(db).where('c.id', '=', courseId).where('c.teacher_id', '=', teacherId).executeTakeFirst()) as CourseWithTeacher | undefined
  if (!course) throw classroomErrors.courseNotFound()
  return course
}

async function ownLesson(db: ClassroomDb, teacherId: string, lessonId: string): Promise<{ lesson: LessonRow; course: CourseWithTeacher }> {
  const lesson = await db.selectFrom('classroom_lessons').selectAll().where('id', '=', lessonId).executeTakeFirst()
  if (!lesson) throw classroomErrors.lessonNotFound()
  const course = await ownCourse(db, teacherId, lesson.course_id).catch(() => {
    throw classroomErrors.lessonNotFound()
  })
  return { lesson, course }
}

/** Every photo must be a live upload of this teacher's; else 400 naming the field. */
async function requireOwnPhoto(db: ClassroomDb, userId: string, id: string, field: string): Promise<void> {
  const row = await db.selectFrom('media').select('id').where('id', '=', id).where('owner_id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst()
  if (!row) throw classroomErrors.field(field, '找不到这张照片，请重新上传')
}

function courseSearch(c: { title: string; intro: string; topic: Topic }, teacher: { name: string; org: string }) {
  return searchColumns([c.title, c.intro, teacher.name, teacher.org, TOPIC_WORDS[c.topic]], [c.title, teacher.name, TOPIC_WORDS[c.topic]])
}

function lessonSearch(title: string, blocks: readonly StoredBlock[] | null) {
  const texts = (blocks ?? []).flatMap((b) => (b.type === 'text' ? [b.text] : b.caption ? [b.caption] : []))
  return searchColumns([title, ...texts], [title])
}

/** 图文: bytes of its text, and a reading time (about 300 characters a minute, 10 s a photo, at least 30 s). */
function articleFigures(blocks: readonly StoredBlock[]): { textBytes: number; durationS: number } {
  const text = blocks.flatMap((b) => (b.type === 'text' ? [b.text] : b.caption ? [b.caption] : [])).join('\n')
  const photos = blocks.filter((b) => b.type === 'photo').length
  return { textBytes: Buffer.byteLength(text, 'utf8'), durationS: Math.max(30, Math.round((text.length / 300) * 60 + photos * 10)) }
}

function storedQuiz(quiz: QuizInput | undefined | null): string | null {
  if (!quiz) return null
  const stored: StoredQuiz = { passPercent: quiz.passPercent ?? DEFAULT_PASS_PERCENT, questions: quiz.questions.map((q) => ({ prompt: q.prompt, choices: [...q.choices], answer: q.answer })) }
  return JSON.stringify(stored)
}

async function storedBlocks(db: ClassroomDb, userId: string, blocks: Extract<CreateLessonRequest, { kind: 'article' }>['blocks']): Promise<StoredBlock[]> {
  const out: StoredBlock[] = []
  for (const [i, b] of blocks.entries()) {
    if (b.type === 'text') out.push({ type: 'text', text: b.text })
    else {
      await requireOwnPhoto(db, userId, b.photoId, `blocks.${i}.photoId`)
      out.push(b.caption ? { type: 'photo', photoId: b.photoId, caption: b.caption } : { type: 'photo', photoId: b.photoId })
    }
  }
  return out
}

// ---------------------------------------------------------------- courses

async function toTeacherCourses(db: ClassroomDb, rows: CourseWithTeacher[]): Promise<TeacherCourse[]> {
  const cards = await courseCards(db, rows)
  return cards.map((card, i) => {
    const r = rows[i]!
    return { ...card, intro: r.intro, status: r.status, statusWord: COURSE_STATUS_WORDS[r.status], createdAt: toShanghaiIso(Number(r.created_at)), updatedAt: toShanghaiIso(Number(r.updated_at)) }
  })
}

export async function teacherCourses(deps: ClassroomDeps, teacherId: string): Promise<TeacherCourse[]> {
  const rows = (await coursesWithTeacher(deps.db).where('c.teacher_id', '=', teacherId).orderBy('c.created_at', 'desc').orderBy('c.id').execute()) as CourseWithTeacher[]
  return toTeacherCourses(deps.db, rows)
}

export async function createCourse(deps: ClassroomDeps, userId: string, teacherId: string, body: CreateCourseRequest): Promise<TeacherCourse> {
  const { db } = deps
  if (body.coverMediaId) await requireOwnPhoto(db, userId, body.coverMediaId, 'coverMediaId')
  const teacher = await db.selectFrom('classroom_teachers').select(['name', 'org']).where('id', '=', teacherId).executeTakeFirstOrThrow()
  const now = deps.now()
  const id = newId()
  const row: CourseRow = {
    id,
    teacher_id: teacherId,
    title: body.title,
    topic: body.topic,
    intro: body.intro,
    cover_media_id: body.coverMediaId ?? null,
    price_fen: body.priceFen,
    status: 'draft',
    ...courseSearch(body, teacher),
    created_at: now,
    updated_at: now,
  }
  return db.transaction().execute(async (tx) => {
    await tx.insertInto('classroom_courses').values(row).execute()
    const [course] = await toTeacherCourses(tx, [{ ...row, teacher_name: teacher.name, teacher_org: teacher.org, teacher_user_id: userId }])
    await answerInTransaction(tx, 201, { course })
    return course!
  })
}

export async function updateCourse(deps: ClassroomDeps, userId: string, teacherId: string, courseId: string, body: UpdateCourseRequest): Promise<TeacherCourse> {
  const { db } = deps
  const course = await ownCourse(db, teacherId, courseId)
  if (body.coverMediaId) await requireOwnPhoto(db, userId, body.coverMediaId, 'coverMediaId')
  if (body.status === 'published') {
    const lessons = await db.selectFrom('classroom_lessons').select('id').where('course_id', '=', course.id).executeTakeFirst()
    if (!lessons) throw classroomErrors.conflict('课程还没有课时，先添加至少一节课再发布')
  }
  const next = { title: body.title ?? course.title, intro: body.intro ?? course.intro, topic: body.topic ?? course.topic }
  await db
    .updateTable('classroom_courses')
    .set({
      ...next,
      ...(body.coverMediaId !== undefined ? { cover_media_id: body.coverMediaId } : {}),
      ...(body.priceFen !== undefined ? { price_fen: body.priceFen } : {}),
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...courseSearch(next, { name: course.teacher_name, org: course.teacher_org }),
      updated_at: deps.now(),
    })
    .where('id', '=', course.id)
    .execute()
  const [updated] = await toTeacherCourses(db, [await ownCourse(db, teacherId, course.id)])
  return updated!
}

export async function teacherCourse(deps: ClassroomDeps, teacherId: string, courseId: string): Promise<{ course: TeacherCourse; lessons: TeacherLesson[] }> {
  const course = await ownCourse(deps.db, teacherId, courseId)
  const [view] = await toTeacherCourses(deps.db, [course])
  const lessons = await lessonsOf(deps.db, course.id)
  return { course: view!, lessons: await toTeacherLessons(deps, lessons, course.teacher_user_id) }
}

// ---------------------------------------------------------------- lessons

async function toTeacherLessons(deps: ClassroomDeps, lessons: LessonRow[], teacherUserId: string | null): Promise<TeacherLesson[]> {
  const media = await mediaOf(deps.db, deps.lessonMedia, lessons, { viewerId: teacherUserId, signedFor: () => true })
  return Promise.all(
    lessons.map(async (l) => ({
      id: l.id,
      courseId: l.course_id,
      position: Number(l.position),
      kind: l.kind,
      kindWord: LESSON_KIND_WORDS[l.kind],
      title: l.title,
      durationS: lessonDuration(l, media.get(l.id)),
      trial: Number(l.trial) === 1,
      uploadId: l.upload_id,
      media: l.kind === 'article' ? null : (media.get(l.id) ?? NO_MEDIA),
      blocks: await articleBlocks(deps.db, l),
      quiz: quizOf(l),
      createdAt: toShanghaiIso(Number(l.created_at)),
      updatedAt: toShanghaiIso(Number(l.updated_at)),
    })),
  )
}

export async function teacherLesson(deps: ClassroomDeps, teacherId: string, lessonId: string): Promise<TeacherLesson> {
  const { lesson, course } = await ownLesson(deps.db, teacherId, lessonId)
  const [view] = await toTeacherLessons(deps, [lesson], course.teacher_user_id)
  return view!
}

const mediaUnavailable = () => new AppError(503, 'NOT_READY', '视频处理服务暂时不可用，请稍后再试')

/** Uses a finished upload as the lesson's media (lesson-media refuses another's or an unfinished upload). */
async function attach(deps: ClassroomDeps, lessonId: string, uploadId: string, userId: string): Promise<LessonMedia> {
  if (!deps.lessonMedia) throw mediaUnavailable()
  return deps.lessonMedia.attachUpload({ lessonId, uploadId, userId })
}

/**
 * Adds a lesson at the end of the course. Video and audio: the upload is attached first (a bad or
 * unfinished upload refuses the whole request: nothing half-published), then the lesson is saved;
 * transcoding continues in the background (its state in `media`).
 */
export async function createLesson(deps: ClassroomDeps, userId: string, teacherId: string, courseId: string, body: CreateLessonRequest): Promise<TeacherLesson> {
  const { db } = deps
  const course = await ownCourse(db, teacherId, courseId)
  const id = newId()
  const blocks = body.kind === 'article' ? await storedBlocks(db, userId, body.blocks) : null
  if (body.kind !== 'article') await attach(deps, id, body.uploadId, userId)
  try {
    await insertLesson(db, { id, courseId: course.id, kind: body.kind, title: body.title, trial: body.trial ?? false, uploadId: body.kind === 'article' ? null : body.uploadId, blocks, quiz: body.quiz ?? null }, deps.now())
  } catch (error) {
    if (body.kind !== 'article') await deps.lessonMedia?.remove(id).catch(() => undefined)
    throw error
  }
  return teacherLesson(deps, teacherId, id)
}

export interface NewLesson {
  id?: string
  courseId: string
  kind: LessonRow['kind']
  title: string
  trial: boolean
  uploadId?: string | null
  /** 图文 only. */
  blocks?: StoredBlock[] | null
  quiz?: QuizInput | null
  /** Video and audio: known before lesson-media has described it (the seed's generated lessons, tests). */
  durationS?: number | null
}

/** Saves a lesson at the end of its course (the teacher's route, the seed). Returns its id. */
export async function insertLesson(db: ClassroomDb, l: NewLesson, now: number): Promise<string> {
  const id = l.id ?? newId()
  const blocks = l.kind === 'article' ? (l.blocks ?? []) : null
  const figures = blocks ? articleFigures(blocks) : { textBytes: 0, durationS: l.durationS ?? null }
  await db.transaction().execute(async (tx) => {
    const last = await tx.selectFrom('classroom_lessons').select((eb) => eb.fn.max('position').as('p')).where('course_id', '=', l.courseId).executeTakeFirst()
    await tx
      .insertInto('classroom_lessons')
      .values({
        id,
        course_id: l.courseId,
        position: Number(last?.p ?? 0) + 1,
        kind: l.kind,
        title: l.title,
        trial: l.trial ? 1 : 0,
        duration_s: figures.durationS,
        upload_id: l.uploadId ?? null,
        blocks: blocks ? JSON.stringify(blocks) : null,
        text_bytes: figures.textBytes,
        quiz: storedQuiz(l.quiz),
        ...lessonSearch(l.title, blocks),
        created_at: now,
        updated_at: now,
      })
      .execute()
    await tx.updateTable('classroom_courses').set({ updated_at: now }).where('id', '=', l.courseId).execute()
  })
  return id
}

export async function updateLesson(deps: ClassroomDeps, userId: string, teacherId: string, lessonId: string, body: UpdateLessonRequest): Promise<TeacherLesson> {
  const { db } = deps
  const { lesson, course } = await ownLesson(db, teacherId, lessonId)
  if (body.blocks !== undefined && lesson.kind !== 'article') throw classroomErrors.field('blocks', '只有图文课可以修改图文内容')
  if (body.uploadId !== undefined && lesson.kind === 'article') throw classroomErrors.field('uploadId', '图文课不能上传视频或音频')
  const blocks = body.blocks ? await storedBlocks(db, userId, body.blocks) : null
  if (body.uploadId !== undefined) await attach(deps, lesson.id, body.uploadId, userId)
  const title = body.title ?? lesson.title
  const now = deps.now()
  const figures = blocks ? articleFigures(blocks) : null
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('classroom_lessons')
      .set({
        title,
        ...(body.trial !== undefined ? { trial: body.trial ? 1 : 0 } : {}),
        ...(body.uploadId !== undefined ? { upload_id: body.uploadId, duration_s: null } : {}),
        ...(blocks && figures ? { blocks: JSON.stringify(blocks), text_bytes: figures.textBytes, duration_s: figures.durationS } : {}),
        ...(body.quiz !== undefined ? { quiz: storedQuiz(body.quiz) } : {}),
        ...lessonSearch(title, blocks ?? (lesson.blocks ? (JSON.parse(lesson.blocks) as StoredBlock[]) : null)),
        updated_at: now,
      })
      .where('id', '=', lesson.id)
      .execute()
    if (body.position !== undefined) {
      // Renumber the course 1…n with this lesson at its new place.
      const ids = (await tx.selectFrom('classroom_lessons').select('id').where('course_id', '=', course.id).orderBy('position').orderBy('created_at').orderBy('id').execute()).map((r) => r.id).filter((id) => id !== lesson.id)
      ids.splice(Math.min(body.position - 1, ids.length), 0, lesson.id)
      for (const [i, id] of ids.entries()) await tx.updateTable('classroom_lessons').set({ position: i + 1 }).where('id', '=', id).execute()
    }
  })
  return teacherLesson(deps, teacherId, lesson.id)
}

// ---------------------------------------------------------------- learners

/** A name to call a learner by without telling more: their nickname, or 学员 + 4 characters derived from their id. */
function learnerName(userId: string, nickname: string | null): string {
  return nickname ?? `学员${createHash('sha256').update(userId).digest('hex').slice(0, 4).toUpperCase()}`
}

export async function courseLearners(deps: ClassroomDeps, teacherId: string, courseId: string, query: { page?: number; size?: number }): Promise<LearnersResponse> {
  const { db } = deps
  const course = await ownCourse(db, teacherId, courseId)
  const page = query.page ?? 1
  const size = query.size ?? 20
  const lessons = await lessonsOf(db, course.id)
  const [enrolled, purchased, completed, perLesson, rows] = await Promise.all([
    db.selectFrom('classroom_enrolments').select((eb) => eb.fn.countAll<number>().as('n')).where('course_id', '=', course.id).executeTakeFirstOrThrow(),
    db.selectFrom('classroom_purchases').select((eb) => eb.fn.countAll<number>().as('n')).where('course_id', '=', course.id).where('status', '=', 'paid').executeTakeFirstOrThrow(),
    db.selectFrom('classroom_enrolments').select((eb) => eb.fn.countAll<number>().as('n')).where('course_id', '=', course.id).where('completed_at', 'is not', null).executeTakeFirstOrThrow(),
    db
      .selectFrom('classroom_progress')
      .select((eb) => ['lesson_id', eb.fn.countAll<number>().as('started'), eb.fn.count<number>('done_at').as('done')])
      .where('course_id', '=', course.id)
      .groupBy('lesson_id')
      .execute(),
    db
      .selectFrom('classroom_enrolments as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.user_id', 'e.source', 'e.last_active_at', 'e.completed_at', 'u.nickname'])
      .where('e.course_id', '=', course.id)
      .orderBy('e.last_active_at', 'desc')
      .orderBy('e.user_id')
      .limit(size + 1)
      .offset((page - 1) * size)
      .execute(),
  ])
  const pageRows = rows.slice(0, size)
  const done = pageRows.length
    ? await db
        .selectFrom('classroom_progress')
        .select((eb) => ['user_id', eb.fn.count<number>('done_at').as('n')])
        .where('course_id', '=', course.id)
        .where('user_id', 'in', pageRows.map((r) => r.user_id))
        .groupBy('user_id')
        .execute()
    : []
  const doneBy = new Map(done.map((r) => [r.user_id, Number(r.n)]))
  const stats = new Map(perLesson.map((r) => [r.lesson_id, r]))
  const total = lessons.length
  return {
    courseId: course.id,
    counts: { learners: Number(enrolled.n), purchased: Number(purchased.n), completed: Number(completed.n) },
    lessons: lessons.map((l) => ({ lessonId: l.id, title: l.title, started: Number(stats.get(l.id)?.started ?? 0), done: Number(stats.get(l.id)?.done ?? 0) })),
    items: pageRows.map((r) => {
      const n = doneBy.get(r.user_id) ?? 0
      return {
        name: learnerName(r.user_id, r.nickname),
        access: Number(course.price_fen) === 0 ? 'free' : r.source === 'purchase' ? 'purchased' : 'trial_only',
        doneLessons: n,
        totalLessons: total,
        fraction: total > 0 ? Math.min(1, n / total) : 0,
        lastActiveAt: iso(r.last_active_at),
        completedAt: iso(r.completed_at),
      }
    }),
    page,
    size,
    hasMore: rows.length > size,
  }
}
