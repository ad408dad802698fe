import fc from 'fast-check'
import { z } from 'zod'
import { CourseListQuery, CreateCourseRequest, CreateLessonRequest, LearnersQuery, ProgressBatchRequest, QuizSubmitRequest, SearchQuery, UpdateCourseRequest, UpdateLessonRequest } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { Empty, UNPRINTABLE_IN_URL, expectRefused, mutationsOf, snapshotTables, sweepRoutes, sweepUnprintableText, unprintableQueryText, type SweepRoute } from '../../testing/bad-input-sweep'
import { classroomDb, type ClassroomTables } from './schema'
import { articleLesson, newCourse, newLearner, newTeacher, type TestTeacher, type TestUser } from './testing'

/**
 * The classroom's routes in the bad-input sweep (the same rules as ../bad-input.test.ts, the
 * market's and the clinic's): generated malformed JSON, wrong types, unknown fields, negative and
 * huge numbers and oversize bodies each get a 4xx in the one error shape with a zh-CN message, no
 * stack trace, and every classroom table is left exactly as it was.
 */
const TABLES = [
  'users',
  'media',
  'classroom_teachers',
  'classroom_courses',
  'classroom_lessons',
  'classroom_enrolments',
  'classroom_purchases',
  'classroom_progress',
  'classroom_progress_events',
  'classroom_quiz_attempts',
] as const satisfies readonly (keyof ClassroomTables | 'users' | 'media')[]

const snapshot = (h: Harness): Promise<string> => snapshotTables(classroomDb(h.db.kysely), TABLES)

describeEachDatabase('classroom: bad input on every route', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let teacher: TestTeacher
  let learner: TestUser
  let free: Awaited<ReturnType<typeof newCourse>>
  let paid: Awaited<ReturnType<typeof newCourse>>

  const quiz = { passPercent: 60, questions: [{ prompt: '玉米每亩留苗多少株？', choices: ['2000', '4500'], answer: 1 }] }

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    teacher = await newTeacher(h)
    learner = await newLearner(h)
    free = await newCourse(h, teacher, { lessons: [articleLesson('第一课 选种', { quiz })] })
    paid = await newCourse(h, teacher, { title: '生猪常见病预防', priceFen: 1990, trials: 1 })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const courseValid = () => ({ title: '果树修剪', topic: 'planting', intro: '冬季修剪的时期和方法', priceFen: 0 })
  const progressValid = () => ({ events: [{ clientEventId: 'sweep-event-0001', lessonId: free.lessons[0]!.id, at: '2026-11-28T12:00:00+08:00', positionS: 10 }] })

  const routes: SweepRoute[] = [
    { method: 'POST', name: '/api/classroom/courses/:id/enrol', path: () => `/api/classroom/courses/${free.course.id}/enrol`, token: () => learner.token, schema: Empty },
    { method: 'POST', name: '/api/classroom/courses/:id/purchase', path: () => `/api/classroom/courses/${paid.course.id}/purchase`, token: () => learner.token, schema: Empty },
    { method: 'POST', name: '/api/classroom/progress', path: () => '/api/classroom/progress', token: () => learner.token, schema: ProgressBatchRequest, valid: progressValid },
    { method: 'POST', name: '/api/classroom/lessons/:id/quiz', path: () => `/api/classroom/lessons/${free.lessons[0]!.id}/quiz`, token: () => learner.token, schema: QuizSubmitRequest, valid: () => ({ answers: [1] }) },
    { method: 'POST', name: '/api/classroom/teacher/courses', path: () => '/api/classroom/teacher/courses', token: () => teacher.token, schema: CreateCourseRequest, valid: courseValid },
    { method: 'PATCH', name: '/api/classroom/teacher/courses/:id', path: () => `/api/classroom/teacher/courses/${free.course.id}`, token: () => teacher.token, schema: UpdateCourseRequest, valid: () => ({ title: '玉米种植技术', intro: '从选种到收获' }) },
    {
      method: 'POST',
      name: '/api/classroom/teacher/courses/:id/lessons',
      path: () => `/api/classroom/teacher/courses/${free.course.id}/lessons`,
      token: () => teacher.token,
      schema: CreateLessonRequest,
      valid: () => ({ kind: 'article', title: '第二课 播种', blocks: [{ type: 'text', text: '播种深度 3 到 5 厘米' }] }),
    },
    { method: 'PATCH', name: '/api/classroom/teacher/lessons/:id', path: () => `/api/classroom/teacher/lessons/${free.lessons[0]!.id}`, token: () => teacher.token, schema: UpdateLessonRequest, valid: () => ({ title: '第一课 选种' }) },
  ]

  const poison = fc.constantFrom<unknown>(-1, 0, -100, 1.5, 1e15, 2 ** 53, '100', null, true, false, [], {}, '2026-02-30T00:00:00+08:00', '', 'x'.repeat(3000), 'livestock', 'video')

  sweepRoutes(routes, {
    harness: () => h,
    snapshot,
    numRuns: 30,
    hugeNumbers: fc.constantFrom('{"priceFen": 1e400}', '{"positionS": -1e309}', '{"answers": [123456789012345678901234567890]}', '[1e400]', '1e999'),
    shapes: (route) => [
      ...mutationsOf(route.valid, poison),
      // Progress events with impossible values.
      fc.record({ events: fc.array(fc.record({ clientEventId: fc.constantFrom('short', 'ok-event-0001', ''), lessonId: fc.constantFrom(free.lessons[0]!.id, '../x'), at: fc.constantFrom('2026-02-30T00:00:00+08:00', 'yesterday', '2026-11-28T12:00:00+08:00'), positionS: fc.constantFrom(-1, 1e9, Number.NaN, '10'), segments: fc.constantFrom([[5, 1]], [[0]], 'x', [[-1, 2]]) }), { minLength: 1, maxLength: 3 }) }),
    ],
    formBody: 'a=b',
    oversize: { intro: 'a'.repeat(200_000) },
  })

  sweepUnprintableText(routes, { harness: () => h, snapshot })

  test('bad values → 400 naming the field in zh-CN (nested fields too), nothing stored', async () => {
    const before = await snapshot(h)
    const event = progressValid().events[0]!
    const cases: [string, string, string, Record<string, unknown>, string][] = [
      [teacher.token, 'POST', '/api/classroom/teacher/courses', { ...courseValid(), priceFen: -1 }, 'priceFen'],
      [teacher.token, 'POST', '/api/classroom/teacher/courses', { ...courseValid(), priceFen: 12.5 }, 'priceFen'],
      [teacher.token, 'POST', '/api/classroom/teacher/courses', { ...courseValid(), priceFen: 100_000_00 }, 'priceFen'],
      [teacher.token, 'POST', '/api/classroom/teacher/courses', { ...courseValid(), topic: '农机' }, 'topic'],
      [teacher.token, 'POST', '/api/classroom/teacher/courses', { ...courseValid(), title: '' }, 'title'],
      [teacher.token, 'POST', '/api/classroom/teacher/courses', { ...courseValid(), coverMediaId: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'coverMediaId'],
      [teacher.token, 'POST', `/api/classroom/teacher/courses/${free.course.id}/lessons`, { kind: 'article', title: '第二课', blocks: [] }, 'blocks'],
      [teacher.token, 'POST', `/api/classroom/teacher/courses/${free.course.id}/lessons`, { kind: 'article', title: '第二课', blocks: [{ type: 'text', text: '' }] }, 'blocks.0.text'],
      [teacher.token, 'POST', `/api/classroom/teacher/courses/${free.course.id}/lessons`, { kind: 'article', title: '第二课', blocks: [{ type: 'text', text: '正文' }, { type: 'photo', photoId: 'AAAAAAAAAAAAAAAAAAAAAA' }] }, 'blocks.1.photoId'],
      [teacher.token, 'POST', `/api/classroom/teacher/courses/${free.course.id}/lessons`, { kind: 'podcast', title: '第二课' }, 'kind'],
      [teacher.token, 'POST', `/api/classroom/teacher/courses/${free.course.id}/lessons`, { kind: 'video', title: '第二课', uploadId: '../../etc' }, 'uploadId'],
      [teacher.token, 'POST', `/api/classroom/teacher/courses/${free.course.id}/lessons`, { ...articleLesson('第二课'), quiz: { questions: [{ prompt: '题', choices: ['a', 'b'], answer: 2 }] } }, 'quiz.questions.0.answer'],
      [teacher.token, 'PATCH', `/api/classroom/teacher/lessons/${free.lessons[0]!.id}`, { uploadId: 'someupload01' }, 'uploadId'],
      [learner.token, 'POST', '/api/classroom/progress', { events: [{ ...event, positionS: -5 }] }, 'events.0.positionS'],
      [learner.token, 'POST', '/api/classroom/progress', { events: [{ ...event, at: '2026-02-30T00:00:00+08:00' }] }, 'events.0.at'],
      [learner.token, 'POST', '/api/classroom/progress', { events: [{ ...event, segments: [[20, 10]] }] }, 'events.0.segments'],
      [learner.token, 'POST', '/api/classroom/progress', { events: [{ ...event, clientEventId: 'x' }] }, 'events.0.clientEventId'],
      [learner.token, 'POST', '/api/classroom/progress', { events: [] }, 'events'],
      [learner.token, 'POST', `/api/classroom/lessons/${free.lessons[0]!.id}/quiz`, { answers: [1, 0] }, 'answers'],
    ]
    for (const [token, method, url, body, field] of cases) {
      const res = await h.request(method, url, { token, json: body })
      expect([url, field, res.status]).toEqual([url, field, 400])
      const error = (await res.json()) as { message: string }
      expect([field, error.message]).toEqual([field, expect.stringContaining(`「${field}」`)])
      expect(error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(await snapshot(h)).toBe(before)
  })

  test('GET /api/classroom/search?q= with NUL or another unprintable character → 400 naming q', async () => {
    for (const bad of UNPRINTABLE_IN_URL) {
      const res = await h.request('GET', `/api/classroom/search?${new URLSearchParams({ q: `玉米${bad}` }).toString()}`)
      expect([bad.codePointAt(0), res.status]).toEqual([bad.codePointAt(0), 400])
      expect(((await res.json()) as { message: string }).message).toContain('「q」')
    }
  })

  test('GET routes: generated bad query strings → 400, database unchanged', async () => {
    const before = await snapshot(h)
    const key = fc.constantFrom('q', 'page', 'size', 'topic', 'x')
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String), unprintableQueryText, fc.constantFrom('1e9', '-1', '0', '51', 'NaN', 'farming', 'x'.repeat(70)))
    const gets: [string, z.ZodType, 'learner' | 'teacher' | undefined][] = [
      ['/api/classroom/home', Empty, undefined],
      ['/api/classroom/courses', CourseListQuery, undefined],
      ['/api/classroom/search', SearchQuery, undefined],
      [`/api/classroom/courses/${free.course.id}`, Empty, undefined],
      [`/api/classroom/lessons/${free.lessons[0]!.id}`, Empty, 'learner'],
      ['/api/classroom/my/courses', Empty, 'learner'],
      ['/api/classroom/teacher/me', Empty, 'teacher'],
      ['/api/classroom/teacher/courses', Empty, 'teacher'],
      [`/api/classroom/teacher/courses/${free.course.id}`, Empty, 'teacher'],
      [`/api/classroom/teacher/courses/${free.course.id}/learners`, LearnersQuery, 'teacher'],
      [`/api/classroom/teacher/lessons/${free.lessons[0]!.id}`, Empty, 'teacher'],
    ]
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), async (query) => {
        const qs = new URLSearchParams(query).toString()
        for (const [url, schema, who] of gets) {
          if (schema.safeParse(query).success) continue
          const token = who === 'learner' ? learner.token : who === 'teacher' ? teacher.token : undefined
          await expectRefused(await h.request('GET', `${url}?${qs}`, { token }))
        }
      }),
      { numRuns: 25 },
    )
    expect(await snapshot(h)).toBe(before)
  })
})
