import {
  LESSON_KIND_WORDS,
  TOPICS,
  TOPIC_WORDS,
  playedFraction,
  toShanghaiIso,
  type ContinueItem,
  type CourseDetail,
  type CoursePage,
  type HomeResponse,
  type LessonDetail,
  type LessonHit,
  type MyCourse,
  type SearchResponse,
  type Teacher,
  type Topic,
} from '@tianyuan/contracts'
import type { ClassroomDb, LessonRow, ProgressRow } from './schema'
import { courseProgressOf, lastQuizResult } from './progress'
import { queryWords, wordMatches } from './search'
import { classroomErrors, loadPhotos, type ClassroomDeps } from './shared'
import {
  accessOf,
  accessWord,
  articleBlocks,
  courseCards,
  coursesWithTeacher,
  isLocked,
  lessonSummary,
  mediaOf,
  quizOf,
  quizView,
  type CourseWithTeacher,
} from './views'
import { pendingPurchaseOf } from './purchases'

// What learners read: home, course lists and search, a course, a lesson, 我的课程.

const published = (db: ClassroomDb) => coursesWithTeacher(db).where('c.status', '=', 'published')

/** A course the viewer may see: published, or a draft of their own (else 404). */
export async function visibleCourse(db: ClassroomDb, userId: string | null, courseId: string): Promise<CourseWithTeacher> {
  const course = (await coursesWithTeacher(db).where('c.id', '=', courseId).executeTakeFirst()) as CourseWithTeacher | undefined
  if (!course || (course.status !== 'published' && (userId === null || course.teacher_user_id !== userId))) throw classroomErrors.courseNotFound()
  return course
}

export async function lessonsOf(db: ClassroomDb, courseId: string): Promise<LessonRow[]> {
  return db.selectFrom('classroom_lessons').selectAll().where('course_id', '=', courseId).orderBy('position').orderBy('created_at').orderBy('id').execute()
}

async function progressRows(db: ClassroomDb, userId: string | null, lessonIds: readonly string[]): Promise<Map<string, ProgressRow>> {
  if (!userId || lessonIds.length === 0) return new Map()
  const rows = await db.selectFrom('classroom_progress').selectAll().where('user_id', '=', userId).where('lesson_id', 'in', [...lessonIds]).execute()
  return new Map(rows.map((r) => [r.lesson_id, r]))
}

export async function home(deps: ClassroomDeps, userId: string | null): Promise<HomeResponse> {
  const { db } = deps
  const counts = await db
    .selectFrom('classroom_courses')
    .select((eb) => ['topic', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'published')
    .groupBy('topic')
    .execute()
  const byTopic = new Map(counts.map((r) => [r.topic, Number(r.n)]))
  const newest = (await published(db).orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(20).execute()) as CourseWithTeacher[]
  return {
    topics: TOPICS.map((topic) => ({ topic, word: TOPIC_WORDS[topic], courseCount: byTopic.get(topic) ?? 0 })),
    courses: await courseCards(db, newest),
    continue: userId ? await continueItems(db, userId) : [],
  }
}

/** Where the learner stopped: their 5 latest lessons of published courses (unfinished first would hide the last one heard; latest first). */
async function continueItems(db: ClassroomDb, userId: string): Promise<ContinueItem[]> {
  const rows = await db
    .selectFrom('classroom_progress as p')
    .innerJoin('classroom_lessons as l', 'l.id', 'p.lesson_id')
    .innerJoin('classroom_courses as c', 'c.id', 'p.course_id')
    .selectAll('p')
    .select(['l.title as lesson_title', 'l.kind', 'l.duration_s', 'c.title as course_title', 'c.cover_media_id'])
    .where('p.user_id', '=', userId)
    .where('c.status', '=', 'published')
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.lesson_id')
    .limit(5)
    .execute()
  const covers = await loadPhotos(db, rows.map((r) => r.cover_media_id).filter((id): id is string => id !== null))
  return rows.map((r) => {
    const durationS = r.duration_s === null ? null : Number(r.duration_s)
    return {
      course: { id: r.course_id, title: r.course_title, cover: r.cover_media_id ? (covers.get(r.cover_media_id) ?? null) : null },
      lesson: { id: r.lesson_id, title: r.lesson_title, kind: r.kind, kindWord: LESSON_KIND_WORDS[r.kind], durationS },
      positionS: Number(r.position_s),
      fraction: r.done_at !== null && durationS === null ? 1 : playedFraction(Number(r.covered_s), durationS),
      done: r.done_at !== null,
      updatedAt: toShanghaiIso(Number(r.updated_at)),
    }
  })
}

export async function listCourses(deps: ClassroomDeps, query: { topic?: Topic; page?: number; size?: number }): Promise<CoursePage> {
  const page = query.page ?? 1
  const size = query.size ?? 20
  let q = published(deps.db)
  if (query.topic) q = q.where('c.topic', '=', query.topic)
  const rows = (await q
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute()) as CourseWithTeacher[]
  return { items: await courseCards(deps.db, rows.slice(0, size)), page, size, hasMore: rows.length > size }
}

/**
 * Courses whose own text matches every word, or one of whose lessons does; and the matching lessons.
 * Titles first (a course called 玉米… before one that mentions corn in its intro).
 */
export async function search(deps: ClassroomDeps, q: string, topic?: Topic): Promise<SearchResponse> {
  const { db } = deps
  const words = queryWords(q)
  if (words.length === 0) return { q, courses: [], lessons: [] }
  let lessonQuery = db
    .selectFrom('classroom_lessons as l')
    .innerJoin('classroom_courses as c', 'c.id', 'l.course_id')
    .select(['l.id', 'l.course_id', 'l.title', 'l.kind', 'l.duration_s', 'l.trial', 'c.title as course_title'])
    .where('c.status', '=', 'published')
  for (const w of words) lessonQuery = lessonQuery.where(wordMatches('l', w))
  if (topic) lessonQuery = lessonQuery.where('c.topic', '=', topic)
  const lessonRows = await lessonQuery.orderBy('c.created_at', 'desc').orderBy('l.position').orderBy('l.id').limit(20).execute()

  let courseQuery = published(db)
  for (const w of words) courseQuery = courseQuery.where(wordMatches('c', w))
  if (topic) courseQuery = courseQuery.where('c.topic', '=', topic)
  const own = (await courseQuery.orderBy('c.created_at', 'desc').orderBy('c.id').limit(20).execute()) as CourseWithTeacher[]
  const ownIds = new Set(own.map((c) => c.id))
  const viaLessons = [...new Set(lessonRows.map((l) => l.course_id))].filter((id) => !ownIds.has(id))
  const more = viaLessons.length ? ((await published(db).where('c.id', 'in', viaLessons).execute()) as CourseWithTeacher[]) : []
  const titleFirst = (c: CourseWithTeacher) => (words.every((w) => c.search_pinyin.includes(w) || c.search_initials.includes(w) || c.title.toLowerCase().includes(w)) ? 0 : 1)
  const courses = [...own].sort((a, b) => titleFirst(a) - titleFirst(b)).concat(more).slice(0, 20)
  const lessons: LessonHit[] = lessonRows.map((l) => ({
    id: l.id,
    courseId: l.course_id,
    courseTitle: l.course_title,
    title: l.title,
    kind: l.kind,
    kindWord: LESSON_KIND_WORDS[l.kind],
    durationS: l.duration_s === null ? null : Number(l.duration_s),
    trial: Number(l.trial) === 1,
  }))
  return { q, courses: await courseCards(db, courses), lessons }
}

export async function teacherOf(db: ClassroomDb, teacherId: string): Promise<Teacher> {
  const t = await db.selectFrom('classroom_teachers').selectAll().where('id', '=', teacherId).executeTakeFirstOrThrow()
  const photos = await loadPhotos(db, t.photo_media_id ? [t.photo_media_id] : [])
  return { id: t.id, name: t.name, org: t.org, intro: t.intro, photo: t.photo_media_id ? (photos.get(t.photo_media_id) ?? null) : null }
}

export async function courseDetail(deps: ClassroomDeps, userId: string | null, courseId: string): Promise<CourseDetail> {
  const { db } = deps
  const course = await visibleCourse(db, userId, courseId)
  const access = (await accessOf(db, userId, [course])).get(course.id) ?? 'trial_only'
  const lessons = await lessonsOf(db, course.id)
  // Sizes for everyone; nothing is signed on the course page.
  const media = await mediaOf(db, deps.lessonMedia, lessons, { viewerId: userId, signedFor: () => false })
  const progress = await progressRows(db, userId, lessons.map((l) => l.id))
  const [card] = await courseCards(db, [course])
  const enrolled = userId
    ? (await db.selectFrom('classroom_enrolments').select('source').where('user_id', '=', userId).where('course_id', '=', course.id).executeTakeFirst()) !== undefined
    : false
  return {
    ...card!,
    intro: course.intro,
    teacher: await teacherOf(db, course.teacher_id),
    lessons: lessons.map((l) => lessonSummary(l, { access, media: media.get(l.id), progress: progress.get(l.id) })),
    access,
    accessWord: accessWord(access),
    enrolled,
    pendingPurchase: userId && access === 'trial_only' ? await pendingPurchaseOf(deps, userId, course.id) : null,
    progress: userId ? ((await courseProgressOf(db, userId, [course.id])).get(course.id) ?? null) : null,
  }
}

/**
 * A lesson: media signed only for a viewer who may open it (the course's teacher, a free course, a
 * bought course, or a trial lesson); for the others sizes only, no 图文 body, no quiz.
 */
export async function lessonDetail(deps: ClassroomDeps, userId: string | null, lessonId: string): Promise<LessonDetail> {
  const { db } = deps
  const lesson = await db.selectFrom('classroom_lessons').selectAll().where('id', '=', lessonId).executeTakeFirst()
  if (!lesson) throw classroomErrors.lessonNotFound()
  const course = await visibleCourse(db, userId, lesson.course_id).catch(() => {
    throw classroomErrors.lessonNotFound()
  })
  const access = (await accessOf(db, userId, [course])).get(course.id) ?? 'trial_only'
  const locked = isLocked(access, lesson)
  const media = await mediaOf(db, deps.lessonMedia, [lesson], { viewerId: userId, signedFor: () => !locked })
  const progress = await progressRows(db, userId, [lesson.id])
  const siblings = await db.selectFrom('classroom_lessons').select(['id']).where('course_id', '=', course.id).orderBy('position').orderBy('created_at').orderBy('id').execute()
  const at = siblings.findIndex((s) => s.id === lesson.id)
  const teacher = await db.selectFrom('classroom_teachers').select('name').where('id', '=', course.teacher_id).executeTakeFirstOrThrow()
  const summary = lessonSummary(lesson, { access, media: media.get(lesson.id), progress: progress.get(lesson.id) })
  return {
    ...summary,
    courseTitle: course.title,
    teacherName: teacher.name,
    media: lesson.kind === 'article' ? null : (media.get(lesson.id) ?? null),
    blocks: locked ? null : await articleBlocks(db, lesson),
    quiz: locked ? null : quizView(quizOf(lesson)),
    lastQuizResult: userId && !locked ? await lastQuizResult(db, userId, lesson.id) : null,
    previousLessonId: at > 0 ? siblings[at - 1]!.id : null,
    nextLessonId: at >= 0 && at < siblings.length - 1 ? siblings[at + 1]!.id : null,
  }
}

/** 我的课程: courses enrolled in, bought, or learnt from; the latest active first. */
export async function myCourses(deps: ClassroomDeps, userId: string): Promise<MyCourse[]> {
  const { db } = deps
  const enrolments = await db
    .selectFrom('classroom_enrolments as e')
    .innerJoin('classroom_courses as c', 'c.id', 'e.course_id')
    .select(['e.course_id', 'e.last_active_at', 'e.enrolled_at'])
    .where('e.user_id', '=', userId)
    .where('c.status', '=', 'published')
    .orderBy('e.last_active_at', 'desc')
    .orderBy('e.enrolled_at', 'desc')
    .limit(100)
    .execute()
  if (enrolments.length === 0) return []
  const ids = enrolments.map((e) => e.course_id)
  const courses = (await coursesWithTeacher(db).where('c.id', 'in', ids).execute()) as CourseWithTeacher[]
  const byId = new Map(courses.map((c) => [c.id, c]))
  const ordered = ids.map((id) => byId.get(id)).filter((c): c is CourseWithTeacher => c !== undefined)
  const lastActive = new Map(enrolments.map((e) => [e.course_id, e.last_active_at]))
  const [cards, access, progress] = await Promise.all([courseCards(db, ordered), accessOf(db, userId, ordered), courseProgressOf(db, userId, ids)])
  return cards.map((card) => {
    const last = lastActive.get(card.id) ?? null
    return { course: card, access: access.get(card.id) ?? 'trial_only', progress: progress.get(card.id)!, lastActiveAt: last === null ? null : toShanghaiIso(Number(last)) }
  })
}

