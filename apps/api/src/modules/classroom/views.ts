import {
  ACCESS_WORDS,
  EDITION_WORDS,
  LESSON_KIND_WORDS,
  TOPIC_WORDS,
  playedFraction,
  toShanghaiIso,
  type ArticleBlock,
  type CourseAccess,
  type CourseCard,
  type EditionSize,
  type LessonMedia,
  type LessonProgress,
  type LessonSummary,
  type QuizView,
  type TeacherQuiz,
} from '@tianyuan/contracts'
import type { LessonMediaService } from '../lesson-media/types'
import type { ClassroomDb, CourseRow, LessonRow, ProgressRow } from './schema'
import { loadPhotos, parseJson } from './shared'

// Rows → the contract's shapes, and the few lookups every view needs (access, media, photos).

/** What a lesson without media (or an API without lesson-media) says. */
export const NO_MEDIA: LessonMedia = { state: 'none', progress: 0, editions: [] }

export type StoredBlock = { type: 'text'; text: string } | { type: 'photo'; photoId: string; caption?: string }
export type StoredQuiz = TeacherQuiz

export const iso = (ms: number | null): string | null => (ms === null ? null : toShanghaiIso(Number(ms)))

/** A course with its teacher's name, org and user. */
export function coursesWithTeacher(db: ClassroomDb) {
  return db
    .selectFrom('classroom_courses as c')
    .innerJoin('classroom_teachers as t', 't.id', 'c.teacher_id')
    .selectAll('c')
    .select(['t.name as teacher_name', 't.org as teacher_org', 't.user_id as teacher_user_id'])
}
export type CourseWithTeacher = CourseRow & { teacher_name: string; teacher_org: string; teacher_user_id: string | null }

/**
 * Why the viewer may open a course's lessons: its teacher, a free course, a paid purchase; else
 * only the trial lessons. One query for any number of courses.
 */
export async function accessOf(db: ClassroomDb, userId: string | null, courses: readonly CourseWithTeacher[]): Promise<Map<string, CourseAccess>> {
  const paid = new Set<string>()
  const paidCourses = courses.filter((c) => Number(c.price_fen) > 0 && c.teacher_user_id !== userId).map((c) => c.id)
  if (userId && paidCourses.length > 0) {
    const rows = await db.selectFrom('classroom_purchases').select('course_id').where('user_id', '=', userId).where('status', '=', 'paid').where('course_id', 'in', paidCourses).execute()
    for (const r of rows) paid.add(r.course_id)
  }
  const access = new Map<string, CourseAccess>()
  for (const c of courses) {
    if (userId !== null && c.teacher_user_id === userId) access.set(c.id, 'teacher')
    else if (Number(c.price_fen) === 0) access.set(c.id, 'free')
    else if (paid.has(c.id)) access.set(c.id, 'purchased')
    else access.set(c.id, 'trial_only')
  }
  return access
}

export const accessWord = (access: CourseAccess) => ACCESS_WORDS[access]
export const isLocked = (access: CourseAccess, lesson: Pick<LessonRow, 'trial'>) => access === 'trial_only' && Number(lesson.trial) !== 1

/** Course cards: one query each for lesson counts, learner counts and covers. */
export async function courseCards(db: ClassroomDb, courses: readonly CourseWithTeacher[]): Promise<CourseCard[]> {
  if (courses.length === 0) return []
  const ids = courses.map((c) => c.id)
  const [lessonStats, learnerStats, covers] = await Promise.all([
    db
      .selectFrom('classroom_lessons')
      .select((eb) => ['course_id', eb.fn.countAll<number>().as('lessons'), eb.fn.sum<number>('trial').as('trials'), eb.fn.sum<number>('duration_s').as('duration')])
      .where('course_id', 'in', ids)
      .groupBy('course_id')
      .execute(),
    db.selectFrom('classroom_enrolments').select((eb) => ['course_id', eb.fn.countAll<number>().as('learners')]).where('course_id', 'in', ids).groupBy('course_id').execute(),
    loadPhotos(db, courses.map((c) => c.cover_media_id).filter((id): id is string => id !== null)),
  ])
  const lessons = new Map(lessonStats.map((r) => [r.course_id, r]))
  const learners = new Map(learnerStats.map((r) => [r.course_id, Number(r.learners)]))
  return courses.map((c) => {
    const stats = lessons.get(c.id)
    return {
      id: c.id,
      title: c.title,
      topic: c.topic,
      topicWord: TOPIC_WORDS[c.topic],
      summary: summaryOf(c.intro),
      teacher: { id: c.teacher_id, name: c.teacher_name, org: c.teacher_org },
      cover: c.cover_media_id ? (covers.get(c.cover_media_id) ?? null) : null,
      priceFen: Number(c.price_fen),
      free: Number(c.price_fen) === 0,
      lessonCount: Number(stats?.lessons ?? 0),
      trialCount: Number(stats?.trials ?? 0),
      durationS: Math.round(Number(stats?.duration ?? 0)),
      learnerCount: learners.get(c.id) ?? 0,
    }
  })
}

/** The intro's first line, at most 40 characters. */
export function summaryOf(intro: string): string {
  const first = intro.split('\n').find((l) => l.trim() !== '')?.trim() ?? ''
  return first.length > 40 ? `${first.slice(0, 39)}…` : first
}

/** Media of several lessons (sizes; URLs only when `signed`); video and audio only. Lessons' durations are copied once known. */
export async function mediaOf(
  db: ClassroomDb,
  lessonMedia: LessonMediaService | null,
  lessons: readonly LessonRow[],
  options: { viewerId: string | null; signedFor: (lesson: LessonRow) => boolean },
): Promise<Map<string, LessonMedia>> {
  const media = new Map<string, LessonMedia>()
  const withMedia = lessons.filter((l) => l.kind !== 'article')
  if (withMedia.length === 0) return media
  if (!lessonMedia) {
    for (const l of withMedia) media.set(l.id, NO_MEDIA)
    return media
  }
  const signed = withMedia.filter(options.signedFor)
  const unsigned = withMedia.filter((l) => !options.signedFor(l))
  const [a, b] = await Promise.all([
    signed.length ? lessonMedia.describeMany(signed.map((l) => l.id), { viewerId: options.viewerId, signed: true }) : new Map<string, LessonMedia>(),
    unsigned.length ? lessonMedia.describeMany(unsigned.map((l) => l.id), { viewerId: options.viewerId, signed: false }) : new Map<string, LessonMedia>(),
  ])
  for (const l of withMedia) media.set(l.id, a.get(l.id) ?? b.get(l.id) ?? NO_MEDIA)
  await syncDurations(db, withMedia, media)
  return media
}

/** Copies a processed lesson's duration into its row (course cards sum them without asking lesson-media). */
async function syncDurations(db: ClassroomDb, lessons: readonly LessonRow[], media: Map<string, LessonMedia>): Promise<void> {
  for (const l of lessons) {
    const d = media.get(l.id)?.durationS
    if (d === undefined || (l.duration_s !== null && Math.abs(Number(l.duration_s) - d) < 0.5)) continue
    await db.updateTable('classroom_lessons').set({ duration_s: d }).where('id', '=', l.id).execute()
    l.duration_s = d
  }
}

export function editionSizes(media: LessonMedia | undefined): EditionSize[] {
  return (media?.editions ?? []).map((e) => ({ kind: e.kind, label: EDITION_WORDS[e.kind], bytes: e.bytes }))
}

export function lessonDuration(lesson: LessonRow, media: LessonMedia | undefined): number | null {
  if (lesson.kind === 'article') return lesson.duration_s === null ? null : Number(lesson.duration_s)
  return media?.durationS ?? (lesson.duration_s === null ? null : Number(lesson.duration_s))
}

export function toLessonProgress(row: ProgressRow, durationS: number | null): LessonProgress {
  const covered = Number(row.covered_s)
  return {
    lessonId: row.lesson_id,
    courseId: row.course_id,
    positionS: Number(row.position_s),
    furthestS: Number(row.furthest_s),
    coveredS: covered,
    durationS,
    fraction: row.done_at !== null && durationS === null ? 1 : playedFraction(covered, durationS),
    done: row.done_at !== null,
    doneAt: iso(row.done_at),
    doneBy: row.done_by,
    quizPassed: Number(row.quiz_passed) === 1,
    updatedAt: toShanghaiIso(Number(row.updated_at)),
  }
}

export function lessonSummary(lesson: LessonRow, o: { access: CourseAccess; media?: LessonMedia; progress: ProgressRow | undefined }): LessonSummary {
  const durationS = lessonDuration(lesson, o.media)
  return {
    id: lesson.id,
    courseId: lesson.course_id,
    position: Number(lesson.position),
    kind: lesson.kind,
    kindWord: LESSON_KIND_WORDS[lesson.kind],
    title: lesson.title,
    durationS,
    trial: Number(lesson.trial) === 1,
    locked: isLocked(o.access, lesson),
    editions: editionSizes(o.media),
    textBytes: Number(lesson.text_bytes),
    hasQuiz: lesson.quiz !== null,
    progress: o.progress ? toLessonProgress(o.progress, durationS) : null,
  }
}

/** A 图文 lesson's body, its photos resolved (a deleted photo is left out). */
export async function articleBlocks(db: ClassroomDb, lesson: LessonRow): Promise<ArticleBlock[] | null> {
  if (lesson.kind !== 'article') return null
  const stored = parseJson<StoredBlock[]>(lesson.blocks, [])
  const photos = await loadPhotos(db, stored.flatMap((b) => (b.type === 'photo' ? [b.photoId] : [])))
  return stored.flatMap((b): ArticleBlock[] => {
    if (b.type === 'text') return [{ type: 'text', text: b.text }]
    const photo = photos.get(b.photoId)
    return photo ? [{ type: 'photo', photo, caption: b.caption ?? '' }] : []
  })
}

export function quizOf(lesson: LessonRow): StoredQuiz | null {
  return parseJson<StoredQuiz | null>(lesson.quiz, null)
}

export function quizView(quiz: StoredQuiz | null): QuizView | null {
  return quiz ? { passPercent: quiz.passPercent, questions: quiz.questions.map((q) => ({ prompt: q.prompt, choices: q.choices })) } : null
}
