import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { LessonDetail, TeacherLesson } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, TestClock, type Harness } from '../../testing/harness'
import { createLogger } from '../../platform/logging'
import { createLessonMedia, type LessonMediaInternals } from '../lesson-media'
import { makeAudio } from '../lesson-media/testing/fixtures'
import { classroomDb } from './schema'
import { getCourse, getLesson, json, newCourse, newLearner, newTeacher, type TestTeacher, type TestUser } from './testing'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const MEDIA_URL = '/api/classroom/media/'

/**
 * Lessons with media, end to end: a teacher uploads a recording (tus), makes it an audio lesson,
 * lesson-media transcodes it; learners see every edition's size, and signed URLs only for lessons
 * they may open — never for an unpaid lesson of a paid course beyond the trial.
 */
describeEachDatabase('classroom lessons with media', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let worker: LessonMediaInternals
  let tmp: string
  let audio: Buffer
  let teacher: TestTeacher
  let learner: TestUser
  let course: Awaited<ReturnType<typeof newCourse>>
  let trial: TeacherLesson
  let paid: TeacherLesson

  const tus = (method: string, url: string, token: string, headers: Record<string, string> = {}, body?: BodyInit) =>
    h.app.request(url, { method, headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, ...headers }, body })

  async function upload(token: string, bytes: Buffer, options: { finish?: boolean } = {}): Promise<string> {
    const created = await tus('POST', '/api/classroom/uploads', token, { 'upload-length': String(bytes.length), 'upload-metadata': `filename ${b64('第一课.m4a')},filetype ${b64('audio/mp4')}` })
    expect(created.status).toBe(201)
    const location = created.headers.get('location')!
    const part = options.finish === false ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes
    const patched = await tus('PATCH', location, token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, new Uint8Array(part))
    expect(patched.status).toBe(204)
    return location.split('/').pop()!
  }

  const audioLesson = async (title: string, isTrial: boolean) =>
    (
      await json<{ lesson: TeacherLesson }>(
        await h.request('POST', `/api/classroom/teacher/courses/${course.course.id}/lessons`, { token: teacher.token, json: { kind: 'audio', title, uploadId: await upload(teacher.token, audio), trial: isTrial } }),
        201,
      )
    ).lesson

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { clock: new TestClock(Date.now()), env: { LESSON_MEDIA_URL_SECRET: 'test-classroom-media-secret-0123456789abcdef' } })
    // The transcode worker the API's jobs runner would run, on the same database and files.
    worker = createLessonMedia({ db: h.db.kysely, config: h.config, logger: createLogger({ level: 'silent' }), now: h.clock.now })
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'classroom-media-test-'))
    audio = fs.readFileSync(makeAudio(tmp, 3))
    teacher = await newTeacher(h)
    learner = await newLearner(h)
    course = await newCourse(h, teacher, { title: '生猪常见病预防', topic: 'livestock', priceFen: 1990, lessons: [], publish: false })
  }, 60_000)
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    fs.rmSync(tmp, { recursive: true, force: true })
    await database.drop()
  })

  test('a teacher’s upload becomes an audio lesson: processing, then ready with its editions and duration', async () => {
    trial = await audioLesson('第一课 猪瘟的预防（试听）', true)
    paid = await audioLesson('第二课 仔猪腹泻', false)
    expect(trial.media).toMatchObject({ state: 'processing' })
    expect(trial.uploadId).not.toBeNull()
    expect(await worker.work()).toBeGreaterThanOrEqual(2)
    const ready = (await json<{ lesson: TeacherLesson }>(await h.request('GET', `/api/classroom/teacher/lessons/${paid.id}`, { token: teacher.token }), 200)).lesson
    expect(ready.media?.state).toBe('ready')
    expect(ready.durationS).toBeGreaterThan(2)
    // The teacher may play their own lesson.
    expect(JSON.stringify(ready.media)).toContain(MEDIA_URL)
    await json(await h.request('PATCH', `/api/classroom/teacher/courses/${course.course.id}`, { token: teacher.token, json: { status: 'published' } }), 200)
  }, 120_000)

  test('a learner sees sizes of every edition; signed URLs only for the trial lesson until the course is bought', async () => {
    const page = await getCourse(h, course.course.id, learner.token)
    expect(page.lessons.map((l) => [l.title, l.locked])).toEqual([
      ['第一课 猪瘟的预防（试听）', false],
      ['第二课 仔猪腹泻', true],
    ])
    for (const l of page.lessons) {
      expect(l.editions.length).toBeGreaterThan(0)
      expect(l.editions.every((e) => e.bytes > 0 && e.label.length > 0)).toBe(true)
      expect(l.durationS).toBeGreaterThan(2)
    }
    expect(page.durationS).toBeGreaterThan(4)
    // The course page signs nothing.
    expect(JSON.stringify(page)).not.toContain(MEDIA_URL)

    const open: LessonDetail = await getLesson(h, trial.id, learner.token)
    expect(open.media?.editions.flatMap((e) => e.files).every((f) => typeof f.url === 'string' && f.url.startsWith(MEDIA_URL))).toBe(true)
    const locked = await getLesson(h, paid.id, learner.token)
    expect(locked.locked).toBe(true)
    expect(locked.media?.editions.length).toBeGreaterThan(0)
    expect(locked.media?.editions.every((e) => e.bytes > 0)).toBe(true)
    expect(JSON.stringify(locked)).not.toContain(MEDIA_URL)
    // Not signed in: the same.
    expect(JSON.stringify(await getLesson(h, paid.id))).not.toContain(MEDIA_URL)

    // Bought (the purchase recorded paid, as the payments module's onPaid does): the lesson opens.
    const db = classroomDb(h.db.kysely)
    await db
      .insertInto('classroom_purchases')
      .values({ id: 'test-purchase-0001', user_id: learner.userId, course_id: course.course.id, status: 'paid', amount_fen: 1990, hold_expires_at: h.clock.now(), paid_at: h.clock.now(), cancelled_at: null, refunded_at: null, created_at: h.clock.now() })
      .execute()
    expect(JSON.stringify(await getLesson(h, paid.id, learner.token))).toContain(MEDIA_URL)
  })

  test('nothing half-published: an unfinished or someone else’s upload is refused and no lesson is added', async () => {
    const count = async () => (await classroomDb(h.db.kysely).selectFrom('classroom_lessons').select('id').where('course_id', '=', course.course.id).execute()).length
    const before = await count()
    const unfinished = await upload(teacher.token, audio, { finish: false })
    const res = await h.request('POST', `/api/classroom/teacher/courses/${course.course.id}/lessons`, { token: teacher.token, json: { kind: 'audio', title: '第三课', uploadId: unfinished } })
    expect(res.status).toBe(409)
    const otherTeacher = await newTeacher(h)
    const theirs = await upload(otherTeacher.token, audio)
    const stolen = await h.request('POST', `/api/classroom/teacher/courses/${course.course.id}/lessons`, { token: teacher.token, json: { kind: 'audio', title: '第三课', uploadId: theirs } })
    expect(stolen.status).toBe(404)
    expect(await count()).toBe(before)
  })
})
